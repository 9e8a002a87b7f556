namespace IngestionCluster.Grains.Sessions;

/// <summary>What a capture session persists once it is over, so late duplicates are recognised and ignored.</summary>
public sealed class SessionState
{
    public bool Completed { get; set; }

    public bool Stale { get; set; }

    public string? ImageId { get; set; }

    public int Total { get; set; }

    /// <summary>How often the capture was forgotten for re-processing: a capture sent again is stored under a new image id.</summary>
    public int Generation { get; set; }

    public DateTimeOffset? FirstChunkAt { get; set; }

    public DateTimeOffset? LastChunkAt { get; set; }

    /// <summary>Indices that never arrived (stale sessions only).</summary>
    public int[] Missing { get; set; } = [];

    /// <summary>Digest of each chunk's data by index (completed sessions only).</summary>
    public string?[] ChunkDigests { get; set; } = [];

    /// <summary>The MQTT packet identifier each chunk was delivered under, by index, where known (completed sessions only).</summary>
    public int?[] ChunkDeliveryIds { get; set; } = [];
}
