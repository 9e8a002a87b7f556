using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// The rules a camera registration must meet to be saved: its own, then what the capture loop would refuse. A camera
/// saved breaking the latter could never capture, and its activation would fail from then on.
/// </summary>
internal static class CaptureRules
{
    /// <summary>The first rule <paramref name="registration"/> breaks, or null.</summary>
    public static string? Problem(CameraRegistration registration) => registration.Problem() ?? registration switch
    {
        { SourceType: var type, SourceUrl: { } url } when type.IsStreamed() && RtspUrl.Problem(url, type.UrlSchemes()) is { } urlProblem =>
            $"source_url is not a usable {type.StreamKind()} URL: {urlProblem}",
        { SourceType: var type } when type.IsStreamed() && registration.Fps < FfmpegCaptureArguments.MinFps =>
            $"fps must be at least {FfmpegCaptureArguments.MinFps} for an {type.StreamKind()} camera",
        _ => null,
    };
}
