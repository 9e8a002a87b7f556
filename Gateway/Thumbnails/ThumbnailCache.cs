using IngestionCluster.Grains.Abstractions.Imaging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Thumbnails;

/// <summary>
/// Thumbnails this process made recently, least recently used evicted first once their bytes exceed
/// <see cref="ThumbnailOptions.CacheBytes"/>. Keyed by image id, the image's SHA-256 and the width, so an image
/// id that comes back with other bytes (re-processed MQTT images) is never served an old thumbnail.
/// </summary>
public sealed class ThumbnailCache(IOptions<ThumbnailOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ThumbnailKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;

    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(ThumbnailKey key, out Thumbnail thumbnail)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                thumbnail = node.Value.Thumbnail;
                return true;
            }
        }
        thumbnail = null!;
        return false;
    }

    public void Add(ThumbnailKey key, Thumbnail thumbnail)
    {
        var capacity = options.Value.CacheBytes;
        if (thumbnail.Jpeg.Length > capacity)
        {
            return;
        }
        lock (_gate)
        {
            if (_entries.Remove(key, out var existing))
            {
                _recency.Remove(existing);
                _bytes -= existing.Value.Thumbnail.Jpeg.Length;
            }
            _entries[key] = _recency.AddFirst(new Entry(key, thumbnail));
            _bytes += thumbnail.Jpeg.Length;
            while (_bytes > capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Thumbnail.Jpeg.Length;
            }
        }
    }

    private sealed record Entry(ThumbnailKey Key, Thumbnail Thumbnail);
}
