using IngestionCluster.Grains.Abstractions.Ldos;

namespace IngestionCluster.Grains.Ldos;

/// <summary>What an LDO grain persists: the whole object, and the attempt key of the request that recorded it, if it had one.</summary>
public sealed class LdoState
{
    public LdoInfo? Ldo { get; set; }

    public string? AttemptKey { get; set; }

    /// <summary>A deletion began: the LDO answers as gone, and the next activation finishes it.</summary>
    public bool Deleting { get; set; }

    /// <summary>
    /// When the deletion began: only blobs of the LDO's folder written before it are deleted, never the video of a new
    /// LDO of the same id being written there meanwhile.
    /// </summary>
    public DateTimeOffset? DeletionStartedAt { get; set; }
}
