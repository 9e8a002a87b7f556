using IngestionCluster.Grains.Abstractions.Requests;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// One-shot captures for capture requests: starts ffmpeg, takes one frame (<c>single_frame</c>),
/// N frames (<c>burst</c>) or T seconds of frames (<c>duration</c>), stops ffmpeg and returns them,
/// or a classified failure. Unbounded itself: <see cref="RtspSnapshotCaptureExecutor"/> queues capture requests for their own slots. Thread-safe; register
/// once per silo.
/// </summary>
public sealed class RtspSnapshotCapture
{
    private readonly RtspOptions _options;
    private readonly ILogger<RtspSnapshotCapture> _logger;
    private readonly TimeProvider _time;
    private readonly FfmpegExecutable _ffmpeg;

    public RtspSnapshotCapture(IOptions<RtspOptions> options, ILogger<RtspSnapshotCapture> logger, TimeProvider? timeProvider = null)
    {
        _options = options.Value;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _ffmpeg = new FfmpegExecutable(_options.FfmpegPath);
    }

    /// <summary>The frame count a request asks for, or the problem with it (a sentence naming the parameter).</summary>
    public static int ExpectedFrames(RtspCaptureMode mode, int frames, TimeSpan duration, double fps, out string? problem)
    {
        problem = null;
        if (mode != RtspCaptureMode.SingleFrame && (!double.IsFinite(fps) || fps is < RtspCaptureSpec.MinFps or > RtspCaptureSpec.MaxFps))
        {
            problem = $"fps must be between {RtspCaptureSpec.MinFps} and {RtspCaptureSpec.MaxFps}";
            return 0;
        }
        var expected = mode switch
        {
            RtspCaptureMode.SingleFrame => 1,
            RtspCaptureMode.Burst => frames,
            RtspCaptureMode.Duration => duration > TimeSpan.Zero ? Math.Max(1, (int)Math.Min(int.MaxValue, Math.Round(duration.TotalSeconds * fps))) : 0,
            _ => 0,
        };
        if (mode == RtspCaptureMode.Duration && duration <= TimeSpan.Zero)
        {
            problem = "duration must be positive";
        }
        else if (expected is < 1 or > RtspCaptureSpec.MaxFrames)
        {
            problem = mode == RtspCaptureMode.Duration
                ? $"duration × fps must give between 1 and {RtspCaptureSpec.MaxFrames} frames"
                : $"frames must be between 1 and {RtspCaptureSpec.MaxFrames}";
        }
        return problem is null ? expected : 0;
    }

    /// <summary>
    /// Captures from <paramref name="url"/>. <paramref name="frames"/> is used by <c>burst</c>,
    /// <paramref name="duration"/> by <c>duration</c>, <paramref name="fps"/> by both (a single frame is
    /// the first one the camera sends). The capture fails with <see cref="RtspFailureReason.Timeout"/>
    /// when no frame arrives within <paramref name="timeout"/> (default <see cref="RtspOptions.CaptureTimeout"/>)
    /// of when it is due: the start, or the previous frame, plus two intervals at <paramref name="fps"/> (see <see cref="FfmpegCaptureArguments.RateFilterHold"/>); other failures (unreachable, 401, 404, no video) are
    /// reported as soon as ffmpeg gives up. ffmpeg is always stopped before this returns.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid URL or parameters; the message never contains the URL.</exception>
    /// <exception cref="FfmpegNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (ffmpeg is stopped first).</exception>
    public async Task<RtspSnapshot> CaptureAsync(
        string url,
        RtspCaptureMode mode,
        int frames = 1,
        TimeSpan duration = default,
        double fps = 1,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        if (RtspUrl.Problem(url) is { } urlProblem)
        {
            throw new ArgumentException($"Invalid camera URL: {urlProblem}.", nameof(url));
        }
        var expected = ExpectedFrames(mode, frames, duration, fps, out var problem);
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid {ModeName(mode)} capture: {problem}.");
        }
        var limit = timeout ?? _options.CaptureTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(timeout));

        var arguments = new FfmpegCaptureArguments(
            url,
            RtspOptions.FfmpegSocketTimeout(limit),
            mode == RtspCaptureMode.SingleFrame ? null : fps,
            _options.JpegQuality,
            expected);
        // At a low rate ffmpeg holds a frame back: the limit counts from when a frame is due.
        var frameWait = mode == RtspCaptureMode.SingleFrame ? limit : limit + FfmpegCaptureArguments.RateFilterHold(fps);
        var settings = new FfmpegFrameSourceSettings(
            _ffmpeg.Path, arguments, frameWait, frameWait, expected, _options.StopGracePeriod, "snapshot", FfmpegFrameSourceSettings.SnapshotKind);

        var clock = Stopwatch.StartNew();
        var taken = new List<RtspFrame>(expected);
        await using var source = FfmpegFrameSource.Start(settings, _logger, _time);
        await foreach (var frame in source.ReadFramesAsync(cancellationToken).ConfigureAwait(false))
        {
            taken.Add(frame);
            if (taken.Count == expected)
            {
                break;
            }
        }

        if (taken.Count == expected)
        {
            _logger.SnapshotCompleted(source.MaskedUrl, mode, taken.Count, clock.Elapsed.TotalSeconds);
            return new RtspSnapshot(mode, expected, taken, null);
        }
        var failure = source.Failure ?? new RtspFailure(RtspFailureReason.StreamEnded, "the camera ended the stream");
        _logger.SnapshotFailed(source.MaskedUrl, mode, taken.Count, expected, failure.Reason, failure.ToString());
        return new RtspSnapshot(mode, expected, taken, failure);
    }

    private static string ModeName(RtspCaptureMode mode) => mode switch
    {
        RtspCaptureMode.SingleFrame => "single_frame",
        RtspCaptureMode.Burst => "burst",
        _ => "duration",
    };
}
