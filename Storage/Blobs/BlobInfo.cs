namespace IngestionCluster.Storage.Blobs;

/// <summary>What a blob store knows about an existing blob without reading it.</summary>
/// <param name="Key">The blob's key.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ContentType">The content type stored with the blob.</param>
/// <param name="LastModified">When it was last written, when the store knows.</param>
public sealed record BlobInfo(BlobKey Key, long Size, string ContentType, DateTimeOffset? LastModified);
