using IngestionCluster.Grains.Abstractions.Requests;
namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// The result of a one-shot capture: the frames in arrival order and, when fewer than
/// <see cref="Expected"/> arrived, the classified <see cref="Failure"/> (the frames taken before it
/// are still listed).
/// </summary>
public sealed record RtspSnapshot(RtspCaptureMode Mode, int Expected, IReadOnlyList<RtspFrame> Frames, RtspFailure? Failure)
{
    /// <summary>All <see cref="Expected"/> frames arrived.</summary>
    public bool Succeeded => Failure is null;
}
