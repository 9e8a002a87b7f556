using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>A snapshot of an <see cref="RtspCaptureLoop"/>'s counters.</summary>
/// <param name="Status">Current status.</param>
/// <param name="FramesDelivered">Frames handed to the frame handler.</param>
/// <param name="FramesDropped">Frames dropped because the handler was slower than the camera.</param>
/// <param name="FfmpegStarts">ffmpeg processes started (1 + reconnect attempts).</param>
/// <param name="LastFrameAt">When the newest frame arrived.</param>
/// <param name="ConnectedSince">When the current connection delivered its first frame; null while not connected.</param>
/// <param name="LastFailure">Why the newest attempt ended, if one did.</param>
public sealed record RtspCaptureStatistics(
    CaptureStatus Status,
    long FramesDelivered,
    long FramesDropped,
    int FfmpegStarts,
    DateTimeOffset? LastFrameAt,
    DateTimeOffset? ConnectedSince,
    RtspFailure? LastFailure);
