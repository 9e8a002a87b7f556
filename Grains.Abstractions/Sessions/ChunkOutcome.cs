using Orleans;

namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>What became of one MQTT chunk.</summary>
[GenerateSerializer, Alias("ic.ChunkOutcome")]
public enum ChunkOutcome
{
    /// <summary>Durably staged; the image is not complete yet.</summary>
    Staged,
    /// <summary>Durably staged and the image is complete (it is being stored).</summary>
    Completed,
    /// <summary>The same data at the same index arrived before (a redelivery): nothing to do.</summary>
    Duplicate,
    /// <summary>Other data at an index the automatic session holds: the chunk belongs to the camera's next image.</summary>
    Bounced,
    /// <summary>The chunk can never succeed; it was recorded as a dead letter with its reason.</summary>
    Rejected,
}
