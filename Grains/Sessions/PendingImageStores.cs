using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Telemetry;

namespace IngestionCluster.Grains.Sessions;

/// <summary>
/// The complete MQTT images of this silo's capture sessions that are not stored yet. Their chunks stay in memory
/// until the blob store and the database take the image, so while those are down the backlog grows with every
/// image. Beyond <see cref="IngestOptions.MaxPendingStoreBytes"/> new images are held back: their first chunks are
/// refused as a store outage, the gateway leaves them unacknowledged and the broker keeps them until the backlog
/// is stored. Images already started finish. An image whose last attempt failed for no outage (a bug, a refusal)
/// is left out: it is not waiting for a store to come back, and must not hold every new image back.
/// </summary>
public sealed class PendingImageStores
{
    private readonly long _limit;
    private long _bytes;
    private long _images;
    private volatile string _failingStore = StoreUnavailableException.BlobStore;

    public PendingImageStores(IngestOptions options)
    {
        _limit = options.MaxPendingStoreBytes;
        IngestMetrics.TrackPendingStores(this);
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Images => Interlocked.Read(ref _images);

    public void Add(long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Increment(ref _images);
    }

    public void Remove(long bytes)
    {
        Interlocked.Add(ref _bytes, -bytes);
        Interlocked.Decrement(ref _images);
    }

    /// <summary>An attempt to store failed because <paramref name="store"/> is down: the store a hold-back names.</summary>
    public void StoreFailed(string store) => _failingStore = store;

    /// <summary>Null while new images may start; otherwise the outage to refuse them with.</summary>
    public StoreUnavailableException? HoldBack() => Bytes < _limit ? null
        : new StoreUnavailableException(_failingStore,
            $"{Images} complete images ({Bytes} bytes) wait to be stored on this silo (Ingest__MaxPendingStoreBytes is {_limit}); new images wait until they are");
}
