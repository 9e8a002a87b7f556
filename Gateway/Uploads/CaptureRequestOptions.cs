using IngestionCluster.Gateway.Options;
using IngestionCluster.Grains.Abstractions.Requests;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>Settings of section <c>CaptureRequest</c>: what <c>POST /api/v1/ingest/rtsp</c> accepts.</summary>
public sealed class CaptureRequestOptions : IGatewaySettings
{
    public const string SectionName = "CaptureRequest";

    /// <summary>Most frames one request may ask for (burst frames, or duration × fps); at most <see cref="RtspCaptureSpec.MaxFrames"/>.</summary>
    public int MaxFrames { get; set; } = 100;

    /// <summary>Longest capture: <c>duration_s</c>, and a burst's span from its first frame to its last.</summary>
    public double MaxDurationSeconds { get; set; } = 300;

    /// <summary>Highest <c>fps</c>; at most <see cref="RtspCaptureSpec.MaxFps"/>.</summary>
    public double MaxFps { get; set; } = 30;

    /// <summary>The rate frames are taken at when a request gives no <c>fps</c>.</summary>
    public double DefaultFps { get; set; } = 1;

    /// <summary>Longest <c>rtsp_url</c>.</summary>
    public int MaxUrlLength { get; set; } = 2048;

    public IEnumerable<string> Problems(IHostEnvironment environment)
    {
        if (MaxFrames is < 1 or > RtspCaptureSpec.MaxFrames)
        {
            yield return $"CaptureRequest__MaxFrames must be between 1 and {RtspCaptureSpec.MaxFrames}.";
        }
        if (!(MaxDurationSeconds > 0 && MaxDurationSeconds <= 3600))
        {
            yield return "CaptureRequest__MaxDurationSeconds must be greater than 0 and at most 3600.";
        }
        if (!(MaxFps >= RtspCaptureSpec.MinFps && MaxFps <= RtspCaptureSpec.MaxFps))
        {
            yield return $"CaptureRequest__MaxFps must be between {RtspCaptureSpec.MinFps} and {RtspCaptureSpec.MaxFps}.";
        }
        if (!(DefaultFps >= RtspCaptureSpec.MinFps && DefaultFps <= MaxFps))
        {
            yield return $"CaptureRequest__DefaultFps must be at least {RtspCaptureSpec.MinFps} and at most CaptureRequest__MaxFps.";
        }
        if (MaxUrlLength is < 16 or > 65536)
        {
            yield return "CaptureRequest__MaxUrlLength must be between 16 and 65536.";
        }
    }
}
