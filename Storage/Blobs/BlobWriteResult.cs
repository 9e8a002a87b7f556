namespace IngestionCluster.Storage.Blobs;

/// <summary>What a blob store wrote: the key, the byte count and SHA-256 computed while the bytes went through, and the content type.</summary>
/// <param name="Key">The key written.</param>
/// <param name="Size">Bytes written.</param>
/// <param name="Sha256">SHA-256 of the bytes written, lowercase hex (64 characters).</param>
/// <param name="ContentType">The content type stored with the blob.</param>
public sealed record BlobWriteResult(BlobKey Key, long Size, string Sha256, string ContentType);
