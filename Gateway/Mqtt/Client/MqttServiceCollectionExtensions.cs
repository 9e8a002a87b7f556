using IngestionCluster.ServiceDefaults;
using IngestionCluster.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Registers <see cref="MqttOptions"/> from the <c>Mqtt</c> section, validated when the host starts.</summary>
public static class MqttServiceCollectionExtensions
{
    public static IServiceCollection AddMqttOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MqttOptions>()
            .Bind(configuration.GetSection(MqttOptions.SectionName))
            .PostConfigure(options =>
            {
                ApplyClusterMode(options, configuration);
                ApplyDefaultClientId(options, configuration);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>());
        return services;
    }

    /// <summary>
    /// An unset client id names the machine and, unless it is 8080, the HTTP port, so gateways sharing a machine differ;
    /// in leader mode it names the cluster instead: the leader's broker session belongs to every gateway of the cluster.
    /// </summary>
    private static void ApplyDefaultClientId(MqttOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(MqttOptions.SectionName);
        var thisGateway = MqttOptions.DefaultClientId(HttpPortConfiguration.ConfiguredPort(configuration));
        if (string.IsNullOrWhiteSpace(section[nameof(MqttOptions.GatewayName)]))
        {
            options.GatewayName = thisGateway;
        }
        if (string.IsNullOrWhiteSpace(section[nameof(MqttOptions.ClientId)]))
        {
            options.ClientId = options.BridgeMode == MqttBridgeMode.Leader
                ? MqttOptions.BridgeClientIdPrefix + configuration.GetSection(ClusterSettings.SectionName).GetValue(nameof(ClusterSettings.ClusterId), new ClusterSettings().ClusterId)
                : thisGateway;
        }
    }

    /// <summary>
    /// In cluster mode several gateways subscribe, and each must not get every message: one leads (the default), or they
    /// split the messages in a shared group (chosen by naming the group, or <c>Mqtt__BridgeMode=Shared</c>).
    /// </summary>
    private static void ApplyClusterMode(MqttOptions options, IConfiguration configuration)
    {
        var mode = configuration.GetSection(ClusterSettings.SectionName).GetValue(nameof(ClusterSettings.Mode), ClusterMode.Standalone);
        if (mode == ClusterMode.Cluster)
        {
            options.BridgeMode ??= string.IsNullOrEmpty(options.SharedGroup) ? MqttBridgeMode.Leader : MqttBridgeMode.Shared;
        }
        if (options.BridgeMode == MqttBridgeMode.Shared && string.IsNullOrEmpty(options.SharedGroup))
        {
            options.SharedGroup = MqttOptions.ClusterSharedGroup;
        }
    }
}
