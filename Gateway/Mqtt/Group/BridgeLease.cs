using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Storage.Redis;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>
/// The lease that makes one gateway the MQTT bridge's leader (<see cref="MqttBridgeMode.Leader"/>). Its holder is the
/// leader's <see cref="MqttOptions.GatewayName"/> and an id of its process. One lease per broker and client id, the
/// broker session it guards, under <c>Redis__KeyPrefix</c>.
/// </summary>
internal static class BridgeLease
{
    /// <summary>The lease of the gateways that share <paramref name="options"/>' broker session.</summary>
    public static RedisLease For(RedisConnection redis, MqttOptions options) =>
        new(redis, $"{redis.Options.KeyPrefix}mqtt-bridge:{MqttBrokerAddress.Parse(options.BrokerUrl)}|{options.ClientId}:leader");
}
