using IngestionCluster.Storage.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IngestionCluster.Storage.Events;

/// <summary>Cluster mode's bus: Redis pub/sub, one channel per camera (<c>camera:{camera_id}</c>).</summary>
public sealed class RedisCameraEventBus(RedisConnection redis, ILogger<RedisCameraEventBus> logger) : ICameraEventBus
{
    public async Task PublishAsync(string cameraId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var subscriber = (await redis.GetAsync().ConfigureAwait(false)).GetSubscriber();
        await subscriber.PublishAsync(RedisChannel.Literal(CameraEventChannels.For(cameraId)), payload).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(Func<CameraEventMessage, ValueTask> handler, CancellationToken cancellationToken)
    {
        var subscriber = (await redis.GetAsync().ConfigureAwait(false)).GetSubscriber();
        var channel = RedisChannel.Pattern(CameraEventChannels.AllPattern);
        ChannelMessageQueue queue;
        try
        {
            queue = await subscriber.SubscribeAsync(channel).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The multiplexer registers the queue before it asks Redis, and keeps it when that fails: nobody would
            // read it, and it would fill with every camera event once Redis answers. A process has one subscriber
            // of the pattern (the SSE hub), so forgetting the whole pattern takes nothing from anyone else.
            await ForgetAsync(subscriber, channel).ConfigureAwait(false);
            throw;
        }
        // A queue keeps each subscriber's events in order; the multiplexer resubscribes by itself after a Redis restart.
        queue.OnMessage(async message =>
        {
            try
            {
                await handler(new CameraEventMessage(CameraEventChannels.CameraIdOf(message.Channel.ToString()), (byte[])message.Message!)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A camera event subscriber failed on {Channel}", message.Channel);
            }
        });
        return new Subscription(queue);
    }

    private async Task ForgetAsync(ISubscriber subscriber, RedisChannel channel)
    {
        try
        {
            // Drops the local registration at once, before it tells Redis, which may well be unreachable now:
            // that part is what matters, so nobody waits for Redis's answer.
            await subscriber.UnsubscribeAsync(channel, null, CommandFlags.FireAndForget).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug("Unsubscribing the failed camera event subscription from Redis failed: {Error}", e.Message);
        }
    }

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync().ConfigureAwait(false);
    }
}
