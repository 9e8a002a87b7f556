using System.Text;
using IngestionCluster.Storage.Events;
using IngestionCluster.Storage.Redis;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace IngestionCluster.Tests.Storage.Events;

public sealed class RedisCameraEventBusTests
{
    [Fact]
    public async Task A_subscription_that_failed_while_redis_was_down_leaves_nothing_subscribed_once_redis_is_back()
    {
        await using var redis = new RedisServer();
        await redis.StartAsync();
        var options = new RedisOptions { Configuration = redis.Configuration };
        await using var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        var bus = new RedisCameraEventBus(connection, NullLogger<RedisCameraEventBus>.Instance);
        await bus.PublishAsync("cam-1", "{}"u8.ToArray(), CancellationToken.None);

        // SSE clients keep asking while Redis is down: every attempt fails.
        await redis.StopAsync();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => bus.SubscribeAsync(_ => ValueTask.CompletedTask, CancellationToken.None));
        }
        await redis.StartAsync();

        var received = new List<string>();
        var subscription = await SubscribeOnceReachableAsync(bus, message =>
        {
            lock (received)
            {
                received.Add(Encoding.UTF8.GetString(message.Payload.Span));
            }
            return ValueTask.CompletedTask;
        });
        await Eventually.TrueAsync(async () =>
        {
            await bus.PublishAsync("cam-1", """{"type":"motion.started","camera_id":"cam-1"}"""u8.ToArray(), CancellationToken.None);
            lock (received)
            {
                return received.Count > 0;
            }
        }, TimeSpan.FromSeconds(30), "the working subscription receives events");

        // Once the one working subscriber leaves, nothing of the failed attempts may still hold the pattern: such a
        // leftover queue, read by no one, would take a copy of every camera event for good.
        await subscription.DisposeAsync();
        await using var observer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var server = observer.GetServer(observer.GetEndPoints()[0]);
        await Eventually.TrueAsync(async () => (long)await server.ExecuteAsync("PUBSUB", "NUMPAT") == 0, TimeSpan.FromSeconds(10),
            "no pattern subscription left on the Redis server");
    }

    private static async Task<IAsyncDisposable> SubscribeOnceReachableAsync(RedisCameraEventBus bus, Func<CameraEventMessage, ValueTask> handler)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await bus.SubscribeAsync(handler, CancellationToken.None);
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                // The multiplexer reconnects in the background.
                await Task.Delay(200);
            }
        }
    }
}
