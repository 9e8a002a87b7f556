using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Grains.Requests;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>Capture requests (<c>POST /api/v1/ingest/rtsp</c>) through ffmpeg: one snapshot capture per request.</summary>
public sealed class RtspSnapshotCaptureExecutor(RtspSnapshotCapture snapshots) : IRtspCaptureExecutor
{
    public async Task<IReadOnlyList<CapturedFrame>> CaptureAsync(string rtspUrl, RtspCaptureMode mode, int frames, TimeSpan duration, double fps, CancellationToken cancellationToken)
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
