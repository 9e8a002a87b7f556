using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Requests;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>Turns the body of <c>POST /api/v1/ingest/rtsp</c> into a capture spec, or a 400 naming the first problem.</summary>
internal static class RtspCaptureValidator
{
    public static RtspCaptureSpec Validate(RtspCaptureRequestBody body, CaptureRequestOptions limits, JsonSizeLimit metaLimit)
    {
        if (body.SourceType != "rtsp")
        {
            throw ApiProblems.BadRequest("source_type must be \"rtsp\".");
        }
        var url = ValidateUrl(body.RtspUrl, limits);
        var cameraId = IdRules.ValidateCameraId(body.CameraId);
        var fps = body.Fps ?? limits.DefaultFps;
        if (!double.IsFinite(fps) || fps < RtspCaptureSpec.MinFps || fps > limits.MaxFps)
        {
            throw ApiProblems.BadRequest($"fps must be at least {RtspCaptureSpec.MinFps} and at most {limits.MaxFps}.");
        }
        var meta = JsonFields.OptionalObject(body.Meta, "meta", metaLimit);
        switch (body.CaptureMode)
        {
            case "single_frame":
                if (body.Frames is not (null or 1) || body.DurationS is not null)
                {
                    throw ApiProblems.BadRequest("capture_mode \"single_frame\" takes neither frames (other than 1) nor duration_s.");
                }
                return new RtspCaptureSpec(cameraId, url, RtspCaptureMode.SingleFrame, 1, 0, fps, meta);
            case "burst":
                if (body.Frames is not { } frames || frames < 1 || frames > limits.MaxFrames)
                {
                    throw ApiProblems.BadRequest($"capture_mode \"burst\" needs frames between 1 and {limits.MaxFrames}.");
                }
                if (body.DurationS is not null)
                {
                    throw ApiProblems.BadRequest("capture_mode \"burst\" takes frames, not duration_s.");
                }
                // A burst holds a capture slot from its first frame to its last: as long as a capture may last.
                var span = (frames - 1) / fps;
                if (span > limits.MaxDurationSeconds)
                {
                    throw ApiProblems.BadRequest(
                        $"{frames} frames at fps {fps} span {span:0.#} s; a capture may last at most {limits.MaxDurationSeconds} s (fewer frames or a higher fps).");
                }
                return new RtspCaptureSpec(cameraId, url, RtspCaptureMode.Burst, frames, 0, fps, meta);
            case "duration":
                if (body.DurationS is not { } duration || !double.IsFinite(duration) || duration <= 0 || duration > limits.MaxDurationSeconds)
                {
                    throw ApiProblems.BadRequest($"capture_mode \"duration\" needs duration_s greater than 0 and at most {limits.MaxDurationSeconds}.");
                }
                if (body.Frames is not null)
                {
                    throw ApiProblems.BadRequest("capture_mode \"duration\" takes duration_s and fps, not frames.");
                }
                var expected = Math.Ceiling(duration * fps);
                if (expected > limits.MaxFrames)
                {
                    throw ApiProblems.BadRequest($"duration_s × fps asks for {expected} frames; at most {limits.MaxFrames} are allowed.");
                }
                return new RtspCaptureSpec(cameraId, url, RtspCaptureMode.Duration, (int)expected, duration, fps, meta);
            default:
                throw ApiProblems.BadRequest("capture_mode must be \"single_frame\", \"burst\" or \"duration\".");
        }
    }

    private static string ValidateUrl(string? url, CaptureRequestOptions limits)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw ApiProblems.BadRequest("rtsp_url is required.");
        }
        if (url.Length > limits.MaxUrlLength)
        {
            throw ApiProblems.BadRequest($"rtsp_url has {url.Length} characters; at most {limits.MaxUrlLength} are allowed.");
        }
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw ApiProblems.BadRequest("rtsp_url may not contain whitespace or control characters.");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtsp" or "rtsps") || uri.Host.Length == 0)
        {
            throw ApiProblems.BadRequest("rtsp_url must be an rtsp:// or rtsps:// URL with a host.");
        }
        return url;
    }
}
