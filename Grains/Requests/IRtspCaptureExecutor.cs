using IngestionCluster.Grains.Abstractions.Requests;

namespace IngestionCluster.Grains.Requests;

/// <summary>
/// Takes frames from an RTSP stream for an on-request capture (<c>POST /api/v1/ingest/rtsp</c>). The
/// request grain calls it in the background and stores every frame it returns as an image. Production
/// code registers no implementation here; the RTSP component provides one. Without one, captures fail
/// with a clear error.
/// </summary>
public interface IRtspCaptureExecutor
{
    /// <summary>
    /// Waits for one of the silo's capture slots, first come first served; the capture runs while the
    /// returned slot is held, and disposing it frees the slot. The request's time limit starts after this.
    /// </summary>
    /// <exception cref="RtspCaptureException">No slot freed up within the silo's queue limit; the message says so.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (no slot is taken).</exception>
    Task<IDisposable> WaitForSlotAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Connects to <paramref name="rtspUrl"/> and returns JPEG frames in capture order:
    /// <list type="bullet">
    /// <item><see cref="RtspCaptureMode.SingleFrame"/>: exactly one frame (the first decodable one);</item>
    /// <item><see cref="RtspCaptureMode.Burst"/>: <paramref name="frames"/> frames, taken at <paramref name="fps"/>;</item>
    /// <item><see cref="RtspCaptureMode.Duration"/>: frames at <paramref name="fps"/> for <paramref name="duration"/>
    /// (about duration × fps frames, at least one).</item>
    /// </list>
    /// The URL may hold credentials: never log it unmasked.
    /// </summary>
    /// <param name="rtspUrl">An rtsp:// or rtsps:// URL (validated).</param>
    /// <param name="mode">How many frames to take.</param>
    /// <param name="frames">Frames for a burst (1 for the other modes).</param>
    /// <param name="duration">Capture time for <see cref="RtspCaptureMode.Duration"/>; zero otherwise.</param>
    /// <param name="fps">Rate frames are taken at.</param>
    /// <param name="cancellationToken">Cancelled when the capture's time is up or the grain moves; stop and clean up (no orphaned processes).</param>
    /// <returns>At least one frame, and what the source sends when that could be probed.</returns>
    /// <exception cref="RtspCaptureException">The stream could not be opened or delivered no usable frame; the message says why (without credentials).</exception>
    Task<RtspCaptureResult> CaptureAsync(string rtspUrl, RtspCaptureMode mode, int frames, TimeSpan duration, double fps, CancellationToken cancellationToken);
}
