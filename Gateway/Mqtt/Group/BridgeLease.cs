using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Storage.Redis;
using StackExchange.Redis;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>
/// The lease that makes one gateway the MQTT bridge's leader (<see cref="MqttBridgeMode.Leader"/>): a Redis lock holding
/// the leader's <see cref="MqttOptions.GatewayName"/> and an id of its process, which expires unless renewed. One lease
/// per broker and client id, the broker session it guards, under <c>Redis__KeyPrefix</c>.
/// </summary>
internal sealed class BridgeLease
{
    private readonly RedisConnection _redis;
    private readonly RedisKey _key;

    private BridgeLease(RedisConnection redis, string subscription)
    {
        _redis = redis;
        _key = $"{redis.Options.KeyPrefix}mqtt-bridge:{subscription}:leader";
    }

    /// <summary>The lease of the gateways that share <paramref name="options"/>' broker session.</summary>
    public static BridgeLease For(RedisConnection redis, MqttOptions options) =>
        new(redis, $"{MqttBrokerAddress.Parse(options.BrokerUrl)}|{options.ClientId}");

    /// <summary>
    /// Takes the lease for <paramref name="ttl"/>, or keeps it when <paramref name="gateway"/> holds it already. False while
    /// another holds it, also an earlier process of the same gateway: its lease lapses first.
    /// </summary>
    public async Task<bool> TakeOrRenewAsync(string gateway, TimeSpan ttl)
    {
        var db = await _redis.DatabaseAsync().ConfigureAwait(false);
        return await db.LockTakeAsync(_key, gateway, ttl).ConfigureAwait(false)
            || await db.LockExtendAsync(_key, gateway, ttl).ConfigureAwait(false);
    }

    /// <summary>The gateway holding the lease, or null when nobody does.</summary>
    public async Task<string?> HolderAsync()
    {
        var db = await _redis.DatabaseAsync().ConfigureAwait(false);
        var holder = await db.LockQueryAsync(_key).ConfigureAwait(false);
        return holder.IsNull ? null : holder.ToString();
    }

    /// <summary>Gives the lease up, so that a standby takes over at its next try instead of after the lease's lifetime.</summary>
    /// <returns>False when <paramref name="gateway"/> did not hold it.</returns>
    public async Task<bool> ReleaseAsync(string gateway)
    {
        var db = await _redis.DatabaseAsync().ConfigureAwait(false);
        return await db.LockReleaseAsync(_key, gateway).ConfigureAwait(false);
    }
}
