using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.ServiceDefaults.Resilience;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Continuous capture of one camera: takes a slot of the silo's <see cref="RtspCapacity"/> (waiting
/// if none is free), runs an <see cref="FfmpegFrameSource"/>, hands every frame to the frame handler
/// and, when ffmpeg exits or the stream stalls, starts it again after an exponential backoff (reset
/// once a stream stayed healthy for <see cref="RtspOptions.HealthyResetAfter"/>). Status changes go
/// to the status handler in order (see <see cref="RtspCaptureStatusChange"/>). Created by
/// <see cref="RtspCaptureLoopFactory.Start"/>; stopping or disposing it stops ffmpeg, waits until the
/// process is gone and frees the slot.
/// </summary>
/// <remarks>
/// All handlers are called from the loop's own task, one call at a time, never concurrently, and the
/// loop awaits each call: a frame handler that is slower than the camera gets the newest frames while
/// older ones are dropped (<see cref="RtspCaptureStatistics.FramesDropped"/>). With a stream handler and
/// a <see cref="RtspStreamProbe"/>, each attempt first probes the source and, once ffmpeg delivered its
/// first frame, reports the stream right after <c>Connected</c>. The probe runs before ffmpeg, never
/// beside it: it opens an RTSP session of its own, and a server that shares one pipeline between
/// sessions (GStreamer's shared media, as in the tests) stalls every session for seconds while another
/// joins; cameras also limit their sessions.
/// Handlers should honour the cancellation token they get; an exception from a handler is logged and
/// the loop goes on.
/// </remarks>
public sealed class RtspCaptureLoop : IAsyncDisposable
{
    private static readonly TimeSpan _handlerFailureLogInterval = TimeSpan.FromSeconds(10);

    private readonly string _url;
    private readonly RtspOptions _options;
    private readonly string _ffmpegPath;
    private readonly RtspCapacity _capacity;
    private readonly Func<RtspFrame, CancellationToken, ValueTask> _onFrame;
    private readonly Func<RtspCaptureStatusChange, CancellationToken, ValueTask>? _onStatus;
    private readonly Func<VideoStreamInfo, CancellationToken, ValueTask>? _onStream;
    private readonly RtspStreamProbe? _probe;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ExponentialBackoff _backoff;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private Task _run = Task.CompletedTask;
    private FfmpegFrameSource? _current;
    private CaptureStatus _status = CaptureStatus.Starting;
    private long _framesDelivered;
    private long _framesDroppedBefore;
    private int _ffmpegStarts;
    private DateTimeOffset? _lastFrameAt;
    private DateTimeOffset? _connectedSince;
    private RtspFailure? _lastFailure;
    private long _lastHandlerFailureLog;
    private int _stopped;
    private volatile Task<RtspCapacityLease>? _slotWait;
    private volatile bool _leftQueue;

    internal RtspCaptureLoop(
        string cameraId,
        string url,
        double fps,
        RtspOptions options,
        string ffmpegPath,
        RtspCapacity capacity,
        Func<RtspFrame, CancellationToken, ValueTask> onFrame,
        Func<RtspCaptureStatusChange, CancellationToken, ValueTask>? onStatus,
        Func<VideoStreamInfo, CancellationToken, ValueTask>? onStream,
        RtspStreamProbe? probe,
        ILogger logger,
        TimeProvider time)
    {
        CameraId = cameraId;
        _url = url;
        Fps = fps;
        MaskedUrl = RtspUrl.Mask(url);
        _options = options;
        _ffmpegPath = ffmpegPath;
        _capacity = capacity;
        _onFrame = onFrame;
        _onStatus = onStatus;
        _onStream = onStream;
        _probe = probe;
        _logger = logger;
        _time = time;
        _backoff = new ExponentialBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay);
    }

    /// <summary>The camera this loop captures (used in logs).</summary>
    public string CameraId { get; }

    /// <summary>The camera URL with credentials masked.</summary>
    public string MaskedUrl { get; }

    /// <summary>The frame rate asked of ffmpeg.</summary>
    public double Fps { get; }

    /// <summary>The current status.</summary>
    public CaptureStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>Completes when the loop has stopped (after <see cref="StopAsync"/>); it never faults.</summary>
    public Task Completion => _run;

    /// <summary>The loop's counters now.</summary>
    public RtspCaptureStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                return new RtspCaptureStatistics(
                    _status,
                    Interlocked.Read(ref _framesDelivered),
                    _framesDroppedBefore + (_current?.FramesDropped ?? 0),
                    _ffmpegStarts,
                    _lastFrameAt,
                    _connectedSince,
                    _lastFailure);
            }
        }
    }

    /// <summary>Stops ffmpeg and the loop, waits until both are gone, and frees the capacity slot. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        await _run.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    internal void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Where the capture waits in its silo's queue for a slot (0 = next), or null when it does not wait.</summary>
    public int? CapacityQueuePosition => _slotWait is { IsCompleted: false } wait && _capacity.QueuePosition(wait) is var position and >= 0 ? position : null;

    /// <summary>
    /// Gives up the wait for a slot, so that the camera can capture on another silo: the loop then ends. False when a slot was
    /// granted meanwhile (the capture goes on here) or the loop does not wait.
    /// </summary>
    public bool TryLeaveCapacityQueue()
    {
        if (_slotWait is not { } wait)
        {
            return false;
        }
        _leftQueue = true;
        if (_capacity.TryLeave(wait))
        {
            return true;
        }
        _leftQueue = false;
        return false;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        _logger.CaptureStarting(CameraId, MaskedUrl, Fps);
        Task<RtspCapacityLease>? slot = null;
        RtspCapacityLease? lease = null;
        try
        {
            await ReportAsync(new RtspCaptureStatusChange(CaptureStatus.Starting, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            slot = _capacity.AcquireAsync(cancellationToken);
            _slotWait = slot;
            var waited = !slot.IsCompleted;
            if (waited)
            {
                _logger.WaitingForCapacity(CameraId, _capacity.ActiveStreams, _capacity.MaxConcurrentStreams, _capacity.WaitingStreams);
                await ReportAsync(new RtspCaptureStatusChange(CaptureStatus.WaitingForCapacity, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
            lease = await slot.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (waited)
            {
                _logger.CapacityGranted(CameraId);
                await ReportAsync(new RtspCaptureStatusChange(CaptureStatus.Starting, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
            await CaptureUntilStoppedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (OperationCanceledException) when (_leftQueue)
        {
            _logger.LeftCapacityQueue(CameraId);
        }
        catch (Exception e)
        {
            // Not expected (ffmpeg failures are classified, handler failures caught); never leave the loop faulted.
            _logger.LoopFailed(CameraId, e);
        }
        finally
        {
            if (lease is not null)
            {
                lease.Dispose();
            }
            else if (slot is not null)
            {
                // Stopped while it waited (during its report of the wait): a slot that reaches the wait, before this or as its
                // cancellation is under way, is this loop's too and goes back.
                await _capacity.AbandonAsync(slot).ConfigureAwait(false);
            }
            await ReportAsync(new RtspCaptureStatusChange(CaptureStatus.Stopped, _time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
            var statistics = Statistics;
            _logger.CaptureStopped(CameraId, statistics.FramesDelivered, statistics.FramesDropped, statistics.FfmpegStarts);
        }
    }

    private async Task CaptureUntilStoppedAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (failure, healthyFor) = await CaptureOnceAsync(cancellationToken).ConfigureAwait(false);
            var lostConnection = healthyFor is not null;
            if (healthyFor >= _options.HealthyResetAfter)
            {
                _logger.BackoffReset(CameraId, healthyFor.Value.TotalSeconds);
                attempt = 0;
            }

            var delay = _backoff.Delay(attempt);
            attempt++;
            if (lostConnection)
            {
                _logger.Disconnected(CameraId, MaskedUrl, failure.Reason, failure.ToString(), delay.TotalSeconds, attempt);
            }
            else
            {
                _logger.ConnectFailed(CameraId, MaskedUrl, failure.Reason, failure.ToString(), delay.TotalSeconds, attempt);
            }
            await ReportAsync(new RtspCaptureStatusChange(CaptureStatus.Reconnecting, _time.GetUtcNow(), failure, delay, lostConnection), cancellationToken).ConfigureAwait(false);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One ffmpeg run. Returns why it ended and, when it delivered frames, for how long it did.</summary>
    private async Task<(RtspFailure Failure, TimeSpan? HealthyFor)> CaptureOnceAsync(CancellationToken cancellationToken)
    {
        var connectTimeout = _options.ConnectTimeout;
        // At one frame a minute, two minutes without a frame are no stall yet.
        var frameSlack = FfmpegCaptureArguments.RateFilterHold(Fps);
        var settings = new FfmpegFrameSourceSettings(
            _ffmpegPath,
            new FfmpegCaptureArguments(_url, RtspOptions.FfmpegSocketTimeout(Max(connectTimeout, _options.StallTimeout)), Fps, _options.JpegQuality),
            connectTimeout + frameSlack,
            _options.StallTimeout + frameSlack,
            _options.MaxQueuedFrames,
            _options.StopGracePeriod,
            CameraId);

        var stream = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        DateTimeOffset? firstFrameAt = null;
        DateTimeOffset? lastFrameAt = null;
        var source = FfmpegFrameSource.Start(settings, _logger, _time);
        lock (_lock)
        {
            _current = source;
            _ffmpegStarts++;
        }
        try
        {
            await foreach (var frame in source.ReadFramesAsync(cancellationToken).ConfigureAwait(false))
            {
                lastFrameAt = frame.ReceivedAt;
                if (firstFrameAt is null)
                {
                    firstFrameAt = frame.ReceivedAt;
                    lock (_lock)
                    {
                        _connectedSince = firstFrameAt;
                        _lastFailure = null;
                    }
                    _logger.Connected(CameraId, MaskedUrl, _time.GetElapsedTime(started).TotalSeconds);
                    await ReportAsync(new RtspCaptureStatusChange(CaptureStatus.Connected, frame.ReceivedAt), cancellationToken).ConfigureAwait(false);
                    if (stream is not null)
                    {
                        await ReportStreamAsync(stream, cancellationToken).ConfigureAwait(false);
                    }
                }
                lock (_lock)
                {
                    _lastFrameAt = lastFrameAt;
                }
                await DeliverAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await source.DisposeAsync().ConfigureAwait(false);
            lock (_lock)
            {
                _framesDroppedBefore += source.FramesDropped;
                _current = null;
                _connectedSince = null;
            }
        }

        var failure = source.Failure ?? new RtspFailure(RtspFailureReason.StreamEnded, "the camera ended the stream");
        lock (_lock)
        {
            _lastFailure = failure;
        }
        return (failure, firstFrameAt is { } first && lastFrameAt is { } last ? last - first : null);
    }

    /// <summary>What the source sends, when there is a stream handler to tell; null otherwise or when the probe could not tell.</summary>
    private Task<VideoStreamInfo?> ProbeAsync(CancellationToken cancellationToken) =>
        _probe is null || _onStream is null ? Task.FromResult<VideoStreamInfo?>(null) : _probe.ProbeAsync(_url, cancellationToken);

    private async Task ReportStreamAsync(VideoStreamInfo stream, CancellationToken cancellationToken)
    {
        if (_onStream is null)
        {
            return;
        }
        try
        {
            await _onStream(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _logger.StreamHandlerFailed(CameraId, e);
        }
    }

    private async Task DeliverAsync(RtspFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await _onFrame(frame, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _framesDelivered);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // One log line per interval at most: a handler failing on every frame must not flood the log.
            var now = _time.GetTimestamp();
            var last = Interlocked.Read(ref _lastHandlerFailureLog);
            if (last == 0 || _time.GetElapsedTime(last, now) >= _handlerFailureLogInterval)
            {
                Interlocked.Exchange(ref _lastHandlerFailureLog, now);
                _logger.FrameHandlerFailed(CameraId, e);
            }
        }
    }

    private async Task ReportAsync(RtspCaptureStatusChange change, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _status = change.Status;
        }
        if (_onStatus is null)
        {
            return;
        }
        try
        {
            await _onStatus(change, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _logger.StatusHandlerFailed(CameraId, change.Status.ToString(), e);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
