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
    /// <summary>Lowest rate a capture takes frames at: one every 1,000 s.</summary>
    public const double MinFps = 0.001;

    /// <summary>Highest rate a capture takes frames at.</summary>
    public const double MaxFps = 60;

    /// <summary>Most frames one capture request stores.</summary>
    public const int MaxFrames = 600;

    /// <summary>The first rule the spec breaks, or null (the gateway's configured limits are for it to enforce).</summary>
    public string? Problem()
    {
        if (!Uri.TryCreate(RtspUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtsp" or "rtsps") || uri.Host.Length == 0)
        {
            return "rtsp_url must be an rtsp:// or rtsps:// URL with a host";
        }
        if (Frames is < 1 or > MaxFrames)
        {
            return $"frames must be between 1 and {MaxFrames}";
        }
        if (!double.IsFinite(Fps) || Fps is < MinFps or > MaxFps)
        {
            return $"fps must be between {MinFps} and {MaxFps}";
        }
        if (Mode == RtspCaptureMode.Duration && (double.IsNaN(DurationSeconds) || DurationSeconds <= 0))
        {
            return "duration_s must be greater than 0";
        }
        return null;
    }
}
