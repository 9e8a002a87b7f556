namespace IngestionCluster.Storage.Blobs;

/// <summary>
/// The store every image, frame, upload and video goes through: S3 (or any S3-compatible server) in
/// cluster mode, a local folder in standalone mode. Writes are all-or-nothing: a reader sees the old
/// blob or the complete new one, never a partial one. Transient failures are retried inside the store;
/// what comes out is a <see cref="BlobStoreException"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Where blobs live, as recorded in metadata rows: the S3 bucket name, or <c>local</c> for the folder store.</summary>
    string Container { get; }

    /// <summary>
    /// Streams <paramref name="content"/> (seekable or not, length known or not) to <paramref name="key"/>,
    /// replacing any blob there, and returns the size and SHA-256 computed while streaming. Large bodies
    /// are never held in memory whole. The stream is read once, to its end, and not disposed.
    /// </summary>
    Task<BlobWriteResult> PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Writes bytes already in memory; the whole write can be retried, since nothing is consumed.</summary>
    Task<BlobWriteResult> PutAsync(BlobKey key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Opens the blob for streaming, or returns null when there is none.</summary>
    Task<BlobReadResult?> OpenReadAsync(BlobKey key, CancellationToken cancellationToken = default);

    /// <summary>Size and content type of the blob without reading it, or null when there is none.</summary>
    Task<BlobInfo?> GetInfoAsync(BlobKey key, CancellationToken cancellationToken = default);

    /// <summary>Whether a blob exists at <paramref name="key"/>.</summary>
    Task<bool> ExistsAsync(BlobKey key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; deleting a missing blob succeeds.</summary>
    Task DeleteAsync(BlobKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a complete blob to another key (replacing any blob there) inside the store, without streaming it
    /// through the caller: a rename in the folder store, a server-side copy then delete on S3.
    /// </summary>
    Task MoveAsync(BlobKey from, BlobKey to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every blob whose key lies under <paramref name="folder"/>, at any depth, in no particular order; writes not yet
    /// finished are not listed. The whole listing is returned at once: meant for small folders, such as one request's
    /// or <see cref="ProvisionalBlobs.Folder"/>.
    /// </summary>
    Task<IReadOnlyList<BlobListing>> ListAsync(BlobKey folder, CancellationToken cancellationToken = default);

    /// <summary>
    /// A presigned URL a client can PUT the blob to directly, or null when the store has none (the local
    /// store: the gateway then offers its own upload endpoint). Signing is local; nothing is sent. A null
    /// <paramref name="contentType"/> signs no Content-Type, so the PUT may carry any.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresAt"/> is past or too far ahead (S3 allows 7 days).</exception>
    BlobUploadUrl? CreateUploadUrl(BlobKey key, string? contentType, DateTimeOffset expiresAt);

    /// <summary>
    /// Removes what writes that never finished left behind and that were started before <paramref name="startedBefore"/>:
    /// S3 multipart uploads neither completed nor aborted (a process killed mid-upload, or an abort that failed while S3
    /// was down), and the folder store's temp files of a crashed process. Returns how many were removed.
    /// </summary>
    Task<int> RemoveAbandonedWritesAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default);

    /// <summary>Probes the store (reachable, bucket or folder present and usable), without retries.</summary>
    Task<BlobStoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}
