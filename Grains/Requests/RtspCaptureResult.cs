using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Requests;

/// <summary>What an on-request RTSP capture returns: the frames in capture order and what the source sends (null when the probe could not tell).</summary>
public sealed record RtspCaptureResult(IReadOnlyList<CapturedFrame> Frames, VideoStreamInfo? Stream);
