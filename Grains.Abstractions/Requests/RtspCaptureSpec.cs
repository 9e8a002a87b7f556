using System.Text.Json;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>
/// An on-request RTSP capture, validated by the gateway. <see cref="Frames"/> is set for burst,
/// <see cref="DurationSeconds"/> for duration; <see cref="Fps"/> is the rate frames are taken at.
/// The URL may carry credentials: it is never logged or returned.
/// </summary>
[GenerateSerializer, Alias("ic.RtspCaptureSpec")]
public sealed record RtspCaptureSpec(
    [Id(0)] string CameraId,
    [Id(1)] string RtspUrl,
    [Id(2)] RtspCaptureMode Mode,
    [Id(3)] int Frames,
    [Id(4)] double DurationSeconds,
    [Id(5)] double Fps,
    [Id(6)] JsonElement? Meta)
{
    /// <summary>The first structural rule the spec breaks, or null (limits are the gateway's to enforce).</summary>
    public string? Problem()
    {
        if (!Uri.TryCreate(RtspUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtsp" or "rtsps") || uri.Host.Length == 0)
        {
            return "rtsp_url must be an rtsp:// or rtsps:// URL with a host";
        }
        if (Frames < 1)
        {
            return "frames must be at least 1";
        }
        if (double.IsNaN(Fps) || Fps <= 0)
        {
            return "fps must be greater than 0";
        }
        if (Mode == RtspCaptureMode.Duration && (double.IsNaN(DurationSeconds) || DurationSeconds <= 0))
        {
            return "duration_s must be greater than 0";
        }
        return null;
    }
}
