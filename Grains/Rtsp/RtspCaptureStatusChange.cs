using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// A change of an <see cref="RtspCaptureLoop"/>'s status, reported in order:
/// <c>Starting</c> → (<c>WaitingForCapacity</c>) → <c>Connected</c> on the first frame →
/// <c>Reconnecting</c> with a <see cref="Failure"/> when ffmpeg exits or the stream stalls (then
/// <c>Connected</c> again on the next first frame) → <c>Stopped</c> when the loop is stopped.
/// </summary>
/// <param name="Status">The new status.</param>
/// <param name="At">When it changed (silo clock, UTC).</param>
/// <param name="Failure">With <c>Reconnecting</c>: why the attempt ended.</param>
/// <param name="RetryDelay">With <c>Reconnecting</c>: the backoff before the next attempt.</param>
/// <param name="LostConnection">With <c>Reconnecting</c>: true when the loop had been <c>Connected</c> (publish <c>camera.disconnected</c>); false when an attempt failed before any frame.</param>
public sealed record RtspCaptureStatusChange(
    CaptureStatus Status,
    DateTimeOffset At,
    RtspFailure? Failure = null,
    TimeSpan? RetryDelay = null,
    bool LostConnection = false);
