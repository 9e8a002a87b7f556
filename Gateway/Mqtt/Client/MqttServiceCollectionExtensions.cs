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

    /// <summary>An unset client id names the machine and, unless it is 8080, the HTTP port, so gateways sharing a machine differ.</summary>
    private static void ApplyDefaultClientId(MqttOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetSection(MqttOptions.SectionName)[nameof(MqttOptions.ClientId)]))
        {
            options.ClientId = MqttOptions.DefaultClientId(HttpPortConfiguration.ConfiguredPort(configuration));
        }
    }

    /// <summary>In cluster mode several gateways subscribe: without a shared group each would get every message.</summary>
    private static void ApplyClusterMode(MqttOptions options, IConfiguration configuration)
    {
        var mode = configuration.GetSection(ClusterSettings.SectionName).GetValue(nameof(ClusterSettings.Mode), ClusterMode.Standalone);
        if (mode == ClusterMode.Cluster && string.IsNullOrEmpty(options.SharedGroup))
        {
            options.SharedGroup = MqttOptions.ClusterSharedGroup;
        }
    }
}
