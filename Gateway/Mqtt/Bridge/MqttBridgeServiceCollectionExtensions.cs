using IngestionCluster.Gateway.Mqtt.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

public static class MqttBridgeServiceCollectionExtensions
{
    /// <summary>The MQTT bridge (section <c>Mqtt</c>); it stays off while <c>Mqtt__BrokerUrl</c> is unset.</summary>
    public static IServiceCollection AddMqttBridge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMqttOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<MqttBridgeHostedService>();
        return services;
    }
}
