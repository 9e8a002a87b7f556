using System.Collections.Concurrent;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Storage.Events;
using StackExchange.Redis;

namespace IngestionCluster.Tests.Cluster;

/// <summary>Counts the <c>image.assembled</c> events a cluster publishes on its Redis channels, by image id.</summary>
public sealed class AssembledImageEvents : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly ConcurrentDictionary<string, int> _announcements = new();

    private AssembledImageEvents(ConnectionMultiplexer redis) => _redis = redis;

    public static async Task<AssembledImageEvents> SubscribeAsync(string redisConfiguration)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        var events = new AssembledImageEvents(redis);
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(CameraEventChannels.AllPattern), (_, message) => events.Count((byte[])message!));
        return events;
    }

    /// <summary>How often each image was announced.</summary>
    public IReadOnlyDictionary<string, int> Announcements => _announcements;

    private void Count(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        if (document.RootElement.GetProperty("type").GetString() == CameraEventTypes.ImageAssembled)
        {
            _announcements.AddOrUpdate(document.RootElement.GetProperty("image_id").GetString()!, 1, (_, count) => count + 1);
        }
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
