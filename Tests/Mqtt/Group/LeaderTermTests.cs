using System.Text;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Mqtt.Group;
using IngestionCluster.Storage.Redis;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Mqtt.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Group;

/// <summary>Each bridge leadership's term: later than every earlier leader's, carried by the messages its connection delivers.</summary>
public sealed class LeaderTermTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_later_leader_s_messages_carry_a_later_term_than_the_earlier_leader_s()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var redis = new RedisConnection(new RedisOptions { Configuration = (await TestServers.Redis).Configuration, KeyPrefix = $"test-{Guid.NewGuid():N}:" },
            NullLogger<RedisConnection>.Instance);
        var topic = MosquittoTestOptions.UniqueTopic("term");
        var options = MosquittoTestOptions.For(mosquitto, MosquittoTestOptions.UniqueId("leader"), cleanStart: false);
        // Long enough for a slow machine: a leader asks for its term within a quarter of it.
        options.PeerTimeout = TimeSpan.FromSeconds(8);

        var first = await ReceiveOneAsLeaderAsync(redis, options, topic, "first");
        var second = await ReceiveOneAsLeaderAsync(redis, options, topic, "second");

        Assert.NotNull(first.LeaderTerm);
        Assert.True(second.LeaderTerm > first.LeaderTerm, $"{second.LeaderTerm} follows {first.LeaderTerm}");
    }

    [Fact]
    public async Task A_fencing_token_is_later_than_the_last_one_also_when_the_clock_reads_earlier()
    {
        await using var redis = new RedisConnection(new RedisOptions { Configuration = (await TestServers.Redis).Configuration }, NullLogger<RedisConnection>.Instance);
        var lease = new RedisLease(redis, $"test-{Guid.NewGuid():N}:lease");
        var first = await lease.FencingTokenAsync();
        // A last token from a clock that was ahead (and has been set back since).
        var ahead = first + (long)TimeSpan.FromDays(1).TotalMicroseconds;
        await (await redis.DatabaseAsync()).StringSetAsync(lease.Key.Append(":fencing"), ahead);

        Assert.Equal(ahead + 1, await lease.FencingTokenAsync());
        Assert.Equal(ahead + 2, await lease.FencingTokenAsync());
    }

    [Fact]
    public async Task A_fencing_token_taken_after_a_redis_restart_that_lost_the_last_one_is_later_than_it()
    {
        await using var server = await TestServers.StartPrivateAsync<RedisServer>();
        await using var redis = new RedisConnection(new RedisOptions { Configuration = server.Configuration }, NullLogger<RedisConnection>.Instance);
        var lease = new RedisLease(redis, "lease");

        var before = await lease.FencingTokenAsync();
        // The test server keeps its data across a restart: the last token is lost as by a Redis without persistence.
        await (await redis.DatabaseAsync()).KeyDeleteAsync(lease.Key.Append(":fencing"));
        await server.StopAsync();
        await server.StartAsync();
        var after = 0L;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                after = await lease.FencingTokenAsync();
                return true;
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                return false;
            }
        }, _patience, "Redis answers again");

        Assert.True(after > before, $"{after} follows {before}");
    }

    /// <summary>Leads (alone), receives one message published meanwhile, and hands the lease back.</summary>
    private static async Task<ReceivedMqttMessage> ReceiveOneAsLeaderAsync(RedisConnection redis, MqttOptions options, string topic, string payload)
    {
        var collector = new MessageCollector();
        await using var subscriber = new MqttSubscriber(options, topic, collector.HandleAsync, NullLogger<MqttSubscriber>.Instance);
        await using var leadership = new BridgeLeadership(options, BridgeLease.For(redis, options), subscriber, NullLogger.Instance, TimeProvider.System);
        await leadership.StartAsync();
        await subscriber.WaitUntilConnectedAsync().WaitAsync(_patience);
        await using (var camera = await MqttPublisher.ConnectAsync(await TestServers.Mosquitto))
        {
            await camera.PublishAsync(topic, Encoding.UTF8.GetBytes(payload));
        }
        // The earlier leader's message may come again, should its acknowledgement not have gone out before it let go.
        await Eventually.TrueAsync(() => collector.Payloads.Contains(payload), _patience, $"\"{payload}\" is delivered");
        return collector.Messages.First(message => Encoding.UTF8.GetString(message.Payload.Span) == payload);
    }
}
