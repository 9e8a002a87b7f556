using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Storage.Redis;
using StackExchange.Redis;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>
/// The gateways of one MQTT shared group, kept in Redis: every member's client id, a heartbeat per member that
/// expires unless renewed, and at most one adopter per absent member (a <see cref="RedisLease"/> held by the adopter).
/// A roster is one broker and one shared subscription: only gateways that take the same messages can stand in
/// for each other. Keys live under <c>Redis__KeyPrefix</c>, so clusters sharing a Redis keep separate rosters.
/// </summary>
internal sealed class MqttGroupRoster
{
    private readonly RedisConnection _redis;
    private readonly string _prefix;

    private MqttGroupRoster(RedisConnection redis, string group)
    {
        _redis = redis;
        _prefix = $"{redis.Options.KeyPrefix}mqtt-group:{group}:";
    }

    /// <summary>The roster of the gateways that subscribe <paramref name="options"/>' shared filter on its broker.</summary>
    public static MqttGroupRoster For(RedisConnection redis, MqttOptions options) =>
        new(redis, $"{MqttBrokerAddress.Parse(options.BrokerUrl)}|{options.SubscriptionFilter}");

    private RedisKey Members => _prefix + "members";

    /// <summary>Announces <paramref name="clientId"/> as a live member for <paramref name="ttl"/>.</summary>
    public async Task HeartbeatAsync(string clientId, TimeSpan ttl)
    {
        var db = await _redis.DatabaseAsync().ConfigureAwait(false);
        // One transaction, so a member is never listed without its heartbeat.
        var transaction = db.CreateTransaction();
        _ = transaction.SetAddAsync(Members, clientId);
        _ = transaction.StringSetAsync(Alive(clientId), "1", ttl);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>Withdraws the heartbeat of a member that stops, so that a peer takes over its session at once.</summary>
    public async Task LeaveAsync(string clientId)
    {
        var db = await _redis.DatabaseAsync().ConfigureAwait(false);
        await db.KeyDeleteAsync(Alive(clientId)).ConfigureAwait(false);
    }

    /// <summary>The members other than <paramref name="self"/> whose heartbeat has expired.</summary>
    public async Task<IReadOnlyList<string>> AbsentAsync(string self)
    {
        var db = await _redis.DatabaseAsync().ConfigureAwait(false);
        var others = (await db.SetMembersAsync(Members).ConfigureAwait(false)).Select(member => member.ToString()).Where(member => member != self).ToList();
        var alive = await Task.WhenAll(others.Select(member => db.KeyExistsAsync(Alive(member)))).ConfigureAwait(false);
        return [.. others.Where((_, i) => !alive[i])];
    }

    /// <summary>
    /// The claim that makes one live gateway the only adopter of <paramref name="member"/>'s session; the adopter renews it
    /// while the adoption runs.
    /// </summary>
    public RedisLease AdopterOf(string member) => new(_redis, _prefix + "adopter:" + member);

    /// <summary>Drops a member whose session was ended; it joins again with its next heartbeat.</summary>
    public async Task ForgetAsync(string member)
    {
        var db = await _redis.DatabaseAsync().ConfigureAwait(false);
        await db.SetRemoveAsync(Members, member).ConfigureAwait(false);
    }

    private RedisKey Alive(string clientId) => _prefix + "alive:" + clientId;
}
