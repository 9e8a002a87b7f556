using IngestionCluster.Storage.Blobs;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// Stored frames whose blob was written but whose row write failed. The row may still have committed (a connection
/// lost after the commit), so the blob is deleted only once the database, reachable again, shows no row for it; a
/// retried push that writes the row in the meantime confirms it. Kept in memory and bounded: a silo that dies, or a
/// longer outage than the bound, leaves the oldest blobs behind, which is no worse than before they were tracked.
/// </summary>
internal sealed class UnconfirmedFrameBlobs
{
    public const int Capacity = 1024;

    private readonly LinkedList<(string ImageId, BlobKey Key)> _pending = new();

    public bool IsEmpty => _pending.Count == 0;

    /// <summary>Tracks a blob; returns the image id of the oldest one given up to keep within <see cref="Capacity"/>, if any.</summary>
    public string? Add(string imageId, BlobKey key)
    {
        Forget(imageId);
        _pending.AddLast((imageId, key));
        if (_pending.Count <= Capacity)
        {
            return null;
        }
        var dropped = _pending.First!.Value.ImageId;
        _pending.RemoveFirst();
        return dropped;
    }

    /// <summary>Stops tracking the blob of <paramref name="imageId"/>: its row was written, or the blob was dealt with.</summary>
    public void Forget(string imageId)
    {
        for (var node = _pending.First; node is not null; node = node.Next)
        {
            if (node.Value.ImageId == imageId)
            {
                _pending.Remove(node);
                return;
            }
        }
    }

    /// <summary>The oldest tracked blobs, at most <paramref name="count"/>; they stay tracked until forgotten.</summary>
    public IReadOnlyList<(string ImageId, BlobKey Key)> Oldest(int count) => [.. _pending.Take(count)];
}
