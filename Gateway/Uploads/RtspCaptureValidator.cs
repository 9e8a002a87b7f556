using System.Text.Json;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Requests;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>Turns the body of <c>POST /api/v1/ingest/rtsp</c> into a capture spec, or a 400 naming the first problem.</summary>
internal static class RtspCaptureValidator
{
    /// <summary>
    /// How long the TrackShift seed's "continuous" and "event_driven" captures without <c>capture_duration</c> lasted:
    /// it took the frames of the first 5 seconds (the lesser of its 30 s capture timeout and its 5 s wait) and stopped.
    /// </summary>
    public const double SeedDefaultCaptureSeconds = 5;

    public static RtspCaptureSpec Validate(RtspCaptureRequestBody body, CaptureRequestOptions limits, JsonSizeLimit metaLimit)
    {
        // As in the TrackShift seed, source_type may be left out: this endpoint only captures RTSP.
        if (body.SourceType is not (null or "rtsp"))
        {
            throw ApiProblems.BadRequest("source_type must be \"rtsp\" (or left out).");
        }
        var url = ValidateUrl(body.RtspUrl, limits);
        var cameraId = IdRules.ValidateCameraId(body.CameraId);
        var fps = body.Fps ?? limits.DefaultFps;
        if (!double.IsFinite(fps) || fps < RtspCaptureSpec.MinFps || fps > limits.MaxFps)
        {
            throw ApiProblems.BadRequest($"fps must be at least {RtspCaptureSpec.MinFps} and at most {limits.MaxFps}.");
        }
        var meta = JsonFields.OptionalObject(body.Meta, "meta", metaLimit);
        if (body.CaptureDuration is { } seedDuration && (!double.IsFinite(seedDuration) || seedDuration <= 0 || seedDuration > limits.MaxDurationSeconds))
        {
            throw ApiProblems.BadRequest($"capture_duration must be greater than 0 and at most {limits.MaxDurationSeconds} (seconds).");
        }
        // The seed's default mode; its "continuous" and "event_driven" both ran one loop taking frames at fps for a time.
        switch (body.CaptureMode ?? "single_frame")
        {
            case "continuous" or "event_driven":
                if (body.DurationS is not null && body.CaptureDuration is not null)
                {
                    throw ApiProblems.BadRequest($"capture_mode \"{body.CaptureMode}\" takes capture_duration or duration_s, not both.");
                }
                if (body.Frames is not null)
                {
                    throw ApiProblems.BadRequest($"capture_mode \"{body.CaptureMode}\" takes capture_duration and fps, not frames.");
                }
                return DurationCapture(
                    body.CaptureDuration ?? body.DurationS ?? SeedDefaultCaptureSeconds, body.DurationS is null ? "capture_duration" : "duration_s", cameraId, url, fps, meta, limits);
            case "single_frame":
                // The seed took capture_duration with single_frame too, and captured one frame.
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
                if (body.DurationS is not null || body.CaptureDuration is not null)
                {
                    throw ApiProblems.BadRequest("capture_mode \"burst\" takes frames, not duration_s or capture_duration.");
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
                if (body.DurationS is not null && body.CaptureDuration is not null)
                {
                    throw ApiProblems.BadRequest("capture_mode \"duration\" takes duration_s or capture_duration, not both.");
                }
                if ((body.DurationS ?? body.CaptureDuration) is not { } duration || !double.IsFinite(duration) || duration <= 0 || duration > limits.MaxDurationSeconds)
                {
                    throw ApiProblems.BadRequest($"capture_mode \"duration\" needs duration_s greater than 0 and at most {limits.MaxDurationSeconds}.");
                }
                if (body.Frames is not null)
                {
                    throw ApiProblems.BadRequest("capture_mode \"duration\" takes duration_s and fps, not frames.");
                }
                return DurationCapture(duration, body.DurationS is null ? "capture_duration" : "duration_s", cameraId, url, fps, meta, limits);
            default:
                throw ApiProblems.BadRequest(
                    "capture_mode must be \"single_frame\" (the default), \"burst\", \"duration\", or the TrackShift seed's \"continuous\" or \"event_driven\".");
        }
    }

    private static RtspCaptureSpec DurationCapture(
        double duration, string durationField, string cameraId, string url, double fps, JsonElement? meta, CaptureRequestOptions limits)
    {
        if (!double.IsFinite(duration) || duration <= 0 || duration > limits.MaxDurationSeconds)
        {
            throw ApiProblems.BadRequest($"{durationField} must be greater than 0 and at most {limits.MaxDurationSeconds} (seconds).");
        }
        var expected = Math.Ceiling(duration * fps);
        if (expected > limits.MaxFrames)
        {
            throw ApiProblems.BadRequest($"{durationField} × fps asks for {expected} frames; at most {limits.MaxFrames} are allowed.");
        }
        return new RtspCaptureSpec(cameraId, url, RtspCaptureMode.Duration, (int)expected, duration, fps, meta);
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
