using System.Runtime.CompilerServices;
using System.Threading.Channels;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.ServiceDefaults.Processes;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// One ffmpeg process reading one RTSP stream, run under a <see cref="GuardedProcess"/> so that it
/// dies with us (even after <c>kill -9</c>). Its stdout is split into JPEG frames by
/// <see cref="JpegFrameSplitter"/>; <see cref="ReadFramesAsync"/> yields them, stamped on arrival, and
/// ends when ffmpeg exits or no frame arrives in time. Then <see cref="Failure"/> says why, classified
/// by <see cref="RtspFailureClassifier"/>. Its stderr lines are kept (redacted) for diagnostics.
/// Disposing stops ffmpeg (SIGTERM, grace period, SIGKILL of its process group) and reaps it.
/// </summary>
/// <remarks>
/// Frames are read from the pipe continuously, whatever the reader does: when the reader is slower
/// than the camera, at most <see cref="FfmpegFrameSourceSettings.MaxQueuedFrames"/> wait and older
/// ones are dropped (<see cref="FramesDropped"/>), so ffmpeg never blocks on a full pipe and the
/// camera connection never backs up. Enumerate <see cref="ReadFramesAsync"/> once.
/// </remarks>
public sealed class FfmpegFrameSource : IAsyncDisposable
{
    /// <summary>ffmpeg error lines kept for diagnostics and classification (the newest).</summary>
    public const int MaxErrorLines = 20;

    private const int MaxErrorLineLength = 500;
    private static readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(5);

    private readonly FfmpegFrameSourceSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly GuardedProcess _process;
    private readonly Channel<RtspFrame> _frames;
    private readonly Queue<string> _errorLines = new();
    private readonly long _startedAt;
    private readonly Task _framePump;
    private readonly Task _errorPump;
    private long _lastFrameAt;
    private long _framesReceived;
    private long _framesDropped;
    private int _disposed;

    private FfmpegFrameSource(FfmpegFrameSourceSettings settings, ILogger logger, TimeProvider time)
    {
        _settings = settings;
        _logger = logger;
        _time = time;
        MaskedUrl = RtspUrl.Mask(settings.Arguments.Url);
        _frames = Channel.CreateBounded<RtspFrame>(
            new BoundedChannelOptions(settings.MaxQueuedFrames)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = true,
            },
            _ =>
            {
                Interlocked.Increment(ref _framesDropped);
                RtspMetrics.FrameDropped();
            });

        _process = GuardedProcess.Start(new GuardedProcessStartInfo(settings.FfmpegPath, settings.Arguments.Build())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StopGracePeriod = settings.StopGracePeriod,
        });
        _startedAt = time.GetTimestamp();
        RtspMetrics.FfmpegStarted(settings.Kind);
        logger.FfmpegStarted(settings.Source, _process.ProcessGroupId, MaskedUrl);
        _framePump = Task.Run(PumpFramesAsync);
        _errorPump = Task.Run(PumpErrorsAsync);
    }

    /// <summary>The camera URL with credentials masked.</summary>
    public string MaskedUrl { get; }

    /// <summary>Process group of ffmpeg and its guard (the guard's pid).</summary>
    public int ProcessGroupId => _process.ProcessGroupId;

    /// <summary>Frames read from ffmpeg so far.</summary>
    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    /// <summary>Frames dropped because the reader was busy and the queue was full.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>ffmpeg's newest error lines, oldest first, with credentials removed.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_errorLines)
            {
                return [.. _errorLines];
            }
        }
    }

    /// <summary>Why <see cref="ReadFramesAsync"/> ended on its own; null while it runs or when the caller stopped.</summary>
    public RtspFailure? Failure { get; private set; }

    /// <summary>Starts ffmpeg.</summary>
    public static FfmpegFrameSource Start(FfmpegFrameSourceSettings settings, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.FirstFrameTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.StallTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxQueuedFrames, 1);
        return new FfmpegFrameSource(settings, logger, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// The frames, in order, until ffmpeg exits or no frame arrives within the first-frame or stall
    /// timeout; then <see cref="Failure"/> is set. Cancelling throws <see cref="OperationCanceledException"/>
    /// and leaves ffmpeg running until the source is disposed.
    /// </summary>
    public async IAsyncEnumerable<RtspFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_frames.Reader.TryRead(out var frame))
            {
                yield return frame;
                continue;
            }
            if (!await WaitForFrameAsync(cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Stops ffmpeg and waits until it and its guard are gone: SIGTERM, so that ffmpeg tears the RTSP
    /// session down (cameras limit their sessions), then SIGKILL to the process group after the grace
    /// period. A stalled ffmpeg is killed at once: it sits in a blocking read and would only notice
    /// SIGTERM when its socket timeout expires.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (Failure?.Reason == RtspFailureReason.Timeout)
        {
            _process.Kill();
        }
        await _process.StopAsync().ConfigureAwait(false);
        await DrainPumpsAsync().ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
        _frames.Writer.TryComplete();
    }

    /// <summary>True when a frame is ready; false when the stream ended (and <see cref="Failure"/> is set).</summary>
    private async Task<bool> WaitForFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_frames.Reader.Completion.IsCompleted)
            {
                // stdout closed: ffmpeg (and its guard) exited.
                Failure ??= await ClassifyExitAsync().ConfigureAwait(false);
                return false;
            }

            // Stall time counts from ffmpeg's last frame, not from when the reader last asked.
            var streaming = Interlocked.Read(ref _framesReceived) > 0;
            var limit = streaming ? _settings.StallTimeout : _settings.FirstFrameTimeout;
            var remaining = limit - _time.GetElapsedTime(streaming ? Volatile.Read(ref _lastFrameAt) : _startedAt);
            if (remaining <= TimeSpan.Zero)
            {
                if (Failure is null)
                {
                    Failure = RtspFailureClassifier.NoFrameWithin(limit, streaming);
                    RtspMetrics.Failed(_settings.Kind, Failure.Reason);
                }
                return false;
            }

            using var timeout = new CancellationTokenSource(remaining, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                if (await _frames.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                continue; // time is up, or a frame came meanwhile: look again
            }

            // stdout closed: ffmpeg (and its guard) exited.
            Failure ??= await ClassifyExitAsync().ConfigureAwait(false);
            return false;
        }
    }

    private async Task<RtspFailure> ClassifyExitAsync()
    {
        int exitCode;
        try
        {
            exitCode = await _process.Exited.WaitAsync(_drainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            exitCode = -1;
        }
        await DrainPumpsAsync().ConfigureAwait(false);
        var failure = RtspFailureClassifier.Classify(exitCode, ErrorLines);
        RtspMetrics.Failed(_settings.Kind, failure.Reason);
        return failure;
    }

    private async Task DrainPumpsAsync()
    {
        try
        {
            await Task.WhenAll(_framePump, _errorPump).WaitAsync(_drainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A descendant still holds the pipes; disposing the process closes our ends.
        }
    }

    private async Task PumpFramesAsync()
    {
        using var splitter = new JpegFrameSplitter();
        try
        {
            var stdout = _process.StandardOutput.BaseStream;
            while (true)
            {
                var read = await stdout.ReadAsync(splitter.GetMemory()).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                splitter.Advance(read);
                while (splitter.TryReadFrame(out var jpeg))
                {
                    var frame = new RtspFrame(jpeg.ToArray(), _time.GetUtcNow(), Interlocked.Read(ref _framesReceived) + 1);
                    Volatile.Write(ref _lastFrameAt, _time.GetTimestamp());
                    Interlocked.Increment(ref _framesReceived);
                    RtspMetrics.FrameReceived(_settings.Kind);
                    _frames.Writer.TryWrite(frame);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe went away with the process.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    private async Task PumpErrorsAsync()
    {
        try
        {
            var stderr = _process.StandardError;
            while (await stderr.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                var safe = RtspUrl.RedactSecrets(line, _settings.Arguments.Url);
                if (safe.Length > MaxErrorLineLength)
                {
                    safe = safe[..MaxErrorLineLength] + "…";
                }
                lock (_errorLines)
                {
                    _errorLines.Enqueue(safe);
                    if (_errorLines.Count > MaxErrorLines)
                    {
                        _errorLines.Dequeue();
                    }
                }
                _logger.FfmpegError(_settings.Source, safe);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe went away with the process.
        }
    }
}
