using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Storage.Events;
using StackExchange.Redis;

namespace IngestionCluster.Bench.Cluster;

/// <summary>
/// When each MQTT image was committed, as the cluster announces it: the <c>image.assembled</c> event on the
/// Redis channel <c>camera:{camera_id}</c>, which the capture session publishes as soon as the image's blob is
/// written and its metadata row committed. Keyed by camera and the image_id the camera gave the image.
/// </summary>
public sealed class ImageCommits : IAsyncDisposable
{
    private const string NamedSessionPrefix = "img.";
    private readonly ConnectionMultiplexer _redis;
    private readonly ConcurrentDictionary<(string Camera, string ImageId), long> _committedAt = new();

    private ImageCommits(ConnectionMultiplexer redis) => _redis = redis;

    public static async Task<ImageCommits> SubscribeAsync(string redisConfiguration)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        var commits = new ImageCommits(redis);
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(CameraEventChannels.AllPattern), (_, message) => commits.OnEvent((byte[])message!));
        return commits;
    }

    public int Count => _committedAt.Count;

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the image's commit was announced.</summary>
    public bool TryGet(string camera, string imageId, out long timestamp) => _committedAt.TryGetValue((camera, imageId), out timestamp);

    private void OnEvent(byte[] payload)
    {
        var now = Stopwatch.GetTimestamp();
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        if (root.GetProperty("type").GetString() == CameraEventTypes.ImageAssembled
            && root.GetProperty("session_id").GetString() is { } session && session.StartsWith(NamedSessionPrefix, StringComparison.Ordinal))
        {
            _committedAt.TryAdd((root.GetProperty("camera_id").GetString()!, session[NamedSessionPrefix.Length..]), now);
        }
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
