using IngestionCluster.Grains.Abstractions.Cameras;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Starts <see cref="RtspCaptureLoop"/>s with the silo's <see cref="RtspOptions"/>, its one
/// <see cref="RtspCapacity"/> and logging. Register once per silo (see
/// <see cref="RtspServiceCollectionExtensions.AddRtspCapture"/>).
/// </summary>
public sealed class RtspCaptureLoopFactory
{
    private readonly RtspOptions _options;
    private readonly ILogger<RtspCaptureLoop> _logger;
    private readonly TimeProvider _time;
    private readonly FfmpegExecutable _ffmpeg;
    private readonly RtspStreamProbe? _probe;

    /// <param name="options">The silo's RTSP settings.</param>
    /// <param name="capacity">The silo's stream budget.</param>
    /// <param name="logger">Where the loops log.</param>
    /// <param name="timeProvider">The clock (tests pass a fake one).</param>
    /// <param name="probe">Probes each connection's stream for the stream handler; without it, none is reported.</param>
    public RtspCaptureLoopFactory(IOptions<RtspOptions> options, RtspCapacity capacity, ILogger<RtspCaptureLoop> logger, TimeProvider? timeProvider = null, RtspStreamProbe? probe = null)
    {
        _options = options.Value;
        Capacity = capacity;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _ffmpeg = new FfmpegExecutable(_options.FfmpegPath);
        _probe = probe;
    }

    /// <summary>The silo's stream budget (for metrics: active and waiting streams).</summary>
    public RtspCapacity Capacity { get; }

    /// <summary>
    /// Starts capturing <paramref name="url"/> at <paramref name="fps"/> in the background and returns at
    /// once; the first status reported is <c>Starting</c>. Stop it with <see cref="RtspCaptureLoop.StopAsync"/>
    /// or by disposing it.
    /// </summary>
    /// <param name="cameraId">Names the loop in logs.</param>
    /// <param name="url">An <c>rtsp://</c> or <c>rtsps://</c> URL, credentials allowed (never logged).</param>
    /// <param name="fps">Frames per second to take from the stream (ffmpeg's <c>fps</c> filter).</param>
    /// <param name="onFrame">Gets every frame; awaited before the next (see the remarks of <see cref="RtspCaptureLoop"/>).</param>
    /// <param name="onStatus">Gets every status change, in order; optional.</param>
    /// <param name="onStream">Gets what the source sends, probed once per connection; optional.</param>
    /// <exception cref="ArgumentException">Invalid URL or fps; the message never contains the URL.</exception>
    /// <exception cref="FfmpegNotFoundException">ffmpeg is not installed.</exception>
    public RtspCaptureLoop Start(
        string cameraId,
        string url,
        double fps,
        Func<RtspFrame, CancellationToken, ValueTask> onFrame,
        Func<RtspCaptureStatusChange, CancellationToken, ValueTask>? onStatus = null,
        Func<VideoStreamInfo, CancellationToken, ValueTask>? onStream = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cameraId);
        ArgumentNullException.ThrowIfNull(onFrame);
        // An RTSP camera's URL, or an MJPEG camera's (http, https): the grain checked it against its source type.
        if (RtspUrl.Problem(url, RtspUrl.CaptureSchemes) is { } problem)
        {
            throw new ArgumentException($"Invalid camera URL: {problem}.", nameof(url));
        }
        if (!double.IsFinite(fps) || fps < FfmpegCaptureArguments.MinFps)
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, $"fps must be at least {FfmpegCaptureArguments.MinFps}.");
        }
        var loop = new RtspCaptureLoop(cameraId, url, fps, _options, _ffmpeg.Path, Capacity, onFrame, onStatus, onStream, _probe, _logger, _time);
        loop.Start();
        return loop;
    }
}
