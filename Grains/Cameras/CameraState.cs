using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Cameras;

/// <summary>What a camera grain persists (as JSON): its registration and the counters that must survive a move to another silo.</summary>
public sealed class CameraState
{
    public CameraRegistration? Registration { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Frame sequences up to this value are reserved; an activation reserves a block so sequences stay monotonic without a write per frame.</summary>
    public long SequenceReservedUntil { get; set; }

    /// <summary>The current implicit MQTT capture session.</summary>
    public long SessionSequence { get; set; }
}
