using System.Globalization;
using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Grains.Requests;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Capture requests (<c>POST /api/v1/ingest/rtsp</c>) through ffmpeg: one snapshot capture per request,
/// then an ffprobe of the source for the request's result. One after the other, not side by side: the
/// probe opens an RTSP session of its own, and servers that share one encoder between sessions stall
/// every session while another joins. A camera that delivered no frames is not probed. At most
/// <see cref="RtspOptions.MaxConcurrentCaptures"/> captures run at once; the rest queue for a slot.
/// </summary>
public sealed class RtspSnapshotCaptureExecutor(RtspSnapshotCapture snapshots, RtspStreamProbe probe, IOptions<RtspOptions> options) : IRtspCaptureExecutor
{
    private readonly RtspCapacity _slots = new(options.Value.MaxConcurrentCaptures, FfmpegFrameSourceSettings.SnapshotKind);
    private readonly TimeSpan _queueTimeout = options.Value.CaptureQueueTimeout;

    public async Task<IDisposable> WaitForSlotAsync(CancellationToken cancellationToken)
    {
        using var queueLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        queueLimit.CancelAfter(_queueTimeout);
        try
        {
            return await _slots.AcquireAsync(queueLimit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RtspCaptureException(string.Create(CultureInfo.InvariantCulture,
                $"busy: all {_slots.MaxConcurrentStreams} capture slots of this silo stayed taken for {_queueTimeout.TotalSeconds:0.#} s (Rtsp__MaxConcurrentCaptures, Rtsp__CaptureQueueTimeout)"));
        }
    }

    public async Task<RtspCaptureResult> CaptureAsync(string rtspUrl, RtspCaptureMode mode, int frames, TimeSpan duration, double fps, CancellationToken cancellationToken)
    {
        var captured = await CaptureFramesAsync(rtspUrl, mode, frames, duration, fps, cancellationToken).ConfigureAwait(false);
        try
        {
            return new RtspCaptureResult(captured, await probe.ProbeAsync(rtspUrl, cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The request's time ran out while probing: the frames are what it asked for, the description is extra.
            return new RtspCaptureResult(captured, null);
        }
    }

    private async Task<IReadOnlyList<CapturedFrame>> CaptureFramesAsync(string rtspUrl, RtspCaptureMode mode, int frames, TimeSpan duration, double fps, CancellationToken cancellationToken)
    {
        RtspSnapshot snapshot;
        try
        {
            snapshot = await snapshots.CaptureAsync(rtspUrl, mode, frames, duration, fps, timeout: null, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new RtspCaptureException(e.Message);
        }
        catch (FfmpegNotFoundException e)
        {
            throw new RtspCaptureException(e.Message);
        }
        if (snapshot.Failure is { } failure && snapshot.Frames.Count < snapshot.Expected)
        {
            // Failure messages are already free of credentials.
            var got = snapshot.Frames.Count == 0 ? string.Empty : $" (got {snapshot.Frames.Count} of {snapshot.Expected} frames)";
            throw new RtspCaptureException($"{RtspFailureReasonCodes.Code(failure.Reason)}: {failure}{got}");
        }
        if (snapshot.Frames.Count == 0)
        {
            throw new RtspCaptureException("timeout: the camera delivered no frame");
        }
        return snapshot.Frames.Select(f => new CapturedFrame(f.Jpeg, f.ReceivedAt)).ToList();
    }
}
