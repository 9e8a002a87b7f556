namespace IngestionCluster.Grains.Sessions;

/// <summary>What a capture session persists once it is over, so late duplicates are recognised and ignored.</summary>
public sealed class SessionState
{
    public bool Completed { get; set; }

    public bool Stale { get; set; }

    public string? ImageId { get; set; }

    public int Total { get; set; }

    /// <summary>Digest of each chunk's data by index (completed sessions only).</summary>
    public string?[] ChunkDigests { get; set; } = [];
}
