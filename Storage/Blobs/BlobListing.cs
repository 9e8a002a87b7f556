namespace IngestionCluster.Storage.Blobs;

/// <summary>One blob as a folder listing shows it: no content type (S3 lists none), no bytes.</summary>
/// <param name="Key">The blob's key.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">When it was written (S3: when its upload started).</param>
public sealed record BlobListing(BlobKey Key, long Size, DateTimeOffset LastModified);
