using System.Collections.Concurrent;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Storage.Events;
using StackExchange.Redis;

namespace IngestionCluster.Tests.Cluster.Support;

/// <summary>
/// Listens to one camera's Redis channel (<c>camera:{camera_id}</c>), or every camera's, in a cluster and keeps every event with the
/// time it arrived, so a test sees what the camera did wherever it runs, without calling it.
/// </summary>
internal sealed class CameraEventRecorder : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly ConcurrentQueue<RecordedEvent> _events = new();

    private CameraEventRecorder(ConnectionMultiplexer redis) => _redis = redis;

    /// <summary>An event: its type, its JSON and when the test received it.</summary>
    public sealed record RecordedEvent(string Type, JsonElement Body, DateTimeOffset ReceivedAt);

    public IReadOnlyList<RecordedEvent> Events => [.. _events];

    public static Task<CameraEventRecorder> StartAsync(string redisConfiguration, string cameraId) =>
        StartAsync(redisConfiguration, RedisChannel.Literal(CameraEventChannels.For(cameraId)));

    /// <summary>Every camera's events (<c>camera:*</c>).</summary>
    public static Task<CameraEventRecorder> StartForAllCamerasAsync(string redisConfiguration) =>
        StartAsync(redisConfiguration, RedisChannel.Pattern(CameraEventChannels.AllPattern));

    private static async Task<CameraEventRecorder> StartAsync(string redisConfiguration, RedisChannel channel)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        var recorder = new CameraEventRecorder(redis);
        var queue = await redis.GetSubscriber().SubscribeAsync(channel);
        queue.OnMessage(message =>
        {
            var body = JsonDocument.Parse((byte[])message.Message!).RootElement.Clone();
            recorder._events.Enqueue(new RecordedEvent(body.GetProperty("type").GetString()!, body, DateTimeOffset.UtcNow));
        });
        return recorder;
    }

    public IReadOnlyList<RecordedEvent> OfType(string type, DateTimeOffset? since = null) =>
        [.. _events.Where(e => e.Type == type && (since is null || e.ReceivedAt >= since))];

    /// <summary>The sequence numbers of the <c>frame.ingested</c> events, in arrival order.</summary>
    public IReadOnlyList<long> Sequences(DateTimeOffset? since = null) =>
        [.. OfType(CameraEventTypes.FrameIngested, since).Select(e => e.Body.GetProperty("sequence").GetInt64())];

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
