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

    /// <summary>The automatic sessions below this one have no grain-state row left (pruned, or never written).</summary>
    public long SessionStatesPrunedBelow { get; set; }

    /// <summary>
    /// Saved with every change of the registration and cleared once the cameras list shows it: when the list's write
    /// failed after the state's, the next activation writes the list row (or removes it) from the state.
    /// </summary>
    public bool ListRowBehind { get; set; }

    /// <summary>An RTSP camera whose capture was stopped by a disconnect: it does not capture until a connect or a new registration.</summary>
    public bool CaptureStopped { get; set; }
}
