namespace IngestionCluster.Storage.Blobs;

/// <summary>Result of a blob store's health probe: healthy, or why not.</summary>
/// <param name="IsHealthy">Whether the store can read and write now.</param>
/// <param name="Description">A short human-readable explanation (never contains secrets).</param>
/// <param name="Exception">The failure behind an unhealthy result, when there is one.</param>
public sealed record BlobStoreHealth(bool IsHealthy, string Description, Exception? Exception = null)
{
    /// <summary>A healthy result.</summary>
    public static BlobStoreHealth Healthy(string description) => new(true, description);

    /// <summary>An unhealthy result with the reason.</summary>
    public static BlobStoreHealth Unhealthy(string description, Exception? exception = null) => new(false, description, exception);
}
