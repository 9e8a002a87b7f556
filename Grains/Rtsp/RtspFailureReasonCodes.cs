namespace IngestionCluster.Grains.Rtsp;

/// <summary>The JSON / metric-label code of a failure reason (e.g. <c>stream_not_found</c>).</summary>
public static class RtspFailureReasonCodes
{
    public static string Code(RtspFailureReason? reason) => reason switch
    {
        RtspFailureReason.Unreachable => "unreachable",
        RtspFailureReason.AuthenticationFailed => "authentication_failed",
        RtspFailureReason.StreamNotFound => "stream_not_found",
        RtspFailureReason.NoVideoStream => "no_video_stream",
        RtspFailureReason.Timeout => "timeout",
        RtspFailureReason.StreamEnded => "stream_ended",
        RtspFailureReason.FfmpegFailed => "ffmpeg_failed",
        _ => "unknown",
    };
}
