using IngestionCluster.Storage.Blobs;

namespace IngestionCluster.Tests.Storage.Support;

/// <summary>
/// A real blob store whose object store refuses to list multipart uploads (a policy without
/// <c>s3:ListBucketMultipartUploads</c>, a server that does not implement it); everything else goes to the store.
/// </summary>
public sealed class MultipartListingRefused(IBlobStore store) : IBlobStore
{
    public string Container => store.Container;

    public Task<int> RemoveAbandonedWritesAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default) =>
        throw new BlobStoreException("ListMultipartUploads: 501 NotImplemented", "ListMultipartUploads", null, 1, isTransient: false);

    public Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        store.PutAsync(key, content, contentType, cancellationToken);

    public Task<BlobWriteResult> PutAsync(BlobKey key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default) =>
        store.PutAsync(key, content, contentType, cancellationToken);

    public Task<BlobReadResult?> OpenReadAsync(BlobKey key, CancellationToken cancellationToken = default) => store.OpenReadAsync(key, cancellationToken);

    public Task<BlobInfo?> GetInfoAsync(BlobKey key, CancellationToken cancellationToken = default) => store.GetInfoAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(BlobKey key, CancellationToken cancellationToken = default) => store.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(BlobKey key, CancellationToken cancellationToken = default) => store.DeleteAsync(key, cancellationToken);

    public Task MoveAsync(BlobKey from, BlobKey to, CancellationToken cancellationToken = default) => store.MoveAsync(from, to, cancellationToken);

    public Task<IReadOnlyList<BlobListing>> ListAsync(BlobKey folder, CancellationToken cancellationToken = default) => store.ListAsync(folder, cancellationToken);

    public BlobUploadUrl? CreateUploadUrl(BlobKey key, string? contentType, DateTimeOffset expiresAt) => store.CreateUploadUrl(key, contentType, expiresAt);

    public Task<BlobStoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => store.CheckHealthAsync(cancellationToken);
}
