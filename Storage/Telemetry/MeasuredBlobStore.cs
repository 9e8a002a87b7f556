using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Storage.Blobs;

namespace IngestionCluster.Storage.Telemetry;

/// <summary>Times and traces every blob-store operation and counts its failures (by operation), around the real store.</summary>
public sealed class MeasuredBlobStore(IBlobStore inner) : IBlobStore
{
    private static readonly OperationMeter _operations = new(
        "blob", "Blob-store operations (put, read, info, delete, move, list, remove_abandoned), by operation and outcome.",
        "Blob-store operations that failed (after the store's own retries), by operation.");

    /// <summary>The store being measured.</summary>
    public IBlobStore Inner => inner;

    public string Container => inner.Container;

    public Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        MeasureAsync("put", () => inner.PutAsync(key, content, contentType, cancellationToken));

    public Task<BlobWriteResult> PutAsync(BlobKey key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default) =>
        MeasureAsync("put", () => inner.PutAsync(key, content, contentType, cancellationToken));

    public Task<BlobReadResult?> OpenReadAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        MeasureAsync("read", () => inner.OpenReadAsync(key, cancellationToken));

    public Task<BlobInfo?> GetInfoAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        MeasureAsync("info", () => inner.GetInfoAsync(key, cancellationToken));

    public Task<bool> ExistsAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        MeasureAsync("info", () => inner.ExistsAsync(key, cancellationToken));

    public Task DeleteAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        MeasureAsync("delete", async () =>
        {
            await inner.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task<int> RemoveAbandonedWritesAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default) =>
        MeasureAsync("remove_abandoned", () => inner.RemoveAbandonedWritesAsync(startedBefore, cancellationToken));

    public Task MoveAsync(BlobKey from, BlobKey to, CancellationToken cancellationToken = default) =>
        MeasureAsync("move", async () =>
        {
            await inner.MoveAsync(from, to, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task<IReadOnlyList<BlobListing>> ListAsync(BlobKey folder, CancellationToken cancellationToken = default) =>
        MeasureAsync("list", () => inner.ListAsync(folder, cancellationToken));

    public BlobUploadUrl? CreateUploadUrl(BlobKey key, string? contentType, DateTimeOffset expiresAt) => inner.CreateUploadUrl(key, contentType, expiresAt);

    public Task<BlobStoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    private static Task<T> MeasureAsync<T>(string operation, Func<Task<T>> call) => _operations.MeasureAsync(operation, call);
}
