namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// A classified capture failure. <see cref="Message"/> is a short sentence for logs, status and API
/// output; <see cref="Detail"/> is ffmpeg's last relevant error line. Both have credentials removed.
/// </summary>
public sealed record RtspFailure(RtspFailureReason Reason, string Message, string? Detail = null, int? ExitCode = null)
{
    public override string ToString() => Detail is null ? Message : $"{Message} ({Detail})";
}
