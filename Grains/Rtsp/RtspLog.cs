using IngestionCluster.Grains.Abstractions.Requests;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>Source-generated log events of stream capture (RTSP, and MJPEG over HTTP). URLs appear only masked; credentials never.</summary>
internal static partial class RtspLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Capture {Source} starting: {Url} at {Fps} fps")]
    public static partial void CaptureStarting(this ILogger logger, string source, string url, double fps);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Capture {Source} waiting for capacity ({ActiveStreams} of {MaxConcurrentStreams} streams busy, {WaitingStreams} waiting)")]
    public static partial void WaitingForCapacity(this ILogger logger, string source, int activeStreams, int maxConcurrentStreams, int waitingStreams);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Capture {Source}: ffmpeg started (process group {ProcessGroupId}) for {Url}")]
    public static partial void FfmpegStarted(this ILogger logger, string source, int processGroupId, string url);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Capture {Source} connected to {Url}: first frame after {ConnectSeconds:0.0} s")]
    public static partial void Connected(this ILogger logger, string source, string url, double connectSeconds);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning,
        Message = "Capture {Source} disconnected from {Url} ({Reason}): {Error}; reconnecting in {RetryDelaySeconds:0.0} s (attempt {Attempt}, backoff)")]
    public static partial void Disconnected(this ILogger logger, string source, string url, RtspFailureReason reason, string error, double retryDelaySeconds, int attempt);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning,
        Message = "Capture {Source} could not connect to {Url} ({Reason}): {Error}; retrying in {RetryDelaySeconds:0.0} s (attempt {Attempt}, backoff)")]
    public static partial void ConnectFailed(this ILogger logger, string source, string url, RtspFailureReason reason, string error, double retryDelaySeconds, int attempt);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information,
        Message = "Capture {Source} stopped: {FramesDelivered} frames delivered, {FramesDropped} dropped, {FfmpegStarts} ffmpeg starts")]
    public static partial void CaptureStopped(this ILogger logger, string source, long framesDelivered, long framesDropped, int ffmpegStarts);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Debug, Message = "Capture {Source}: ffmpeg says: {Line}")]
    public static partial void FfmpegError(this ILogger logger, string source, string line);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning, Message = "Capture {Source}: the frame handler failed; the frame is skipped")]
    public static partial void FrameHandlerFailed(this ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Warning, Message = "Capture {Source}: the status handler failed for status {Status}")]
    public static partial void StatusHandlerFailed(this ILogger logger, string source, string status, Exception exception);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information,
        Message = "Capture {Source}: stream healthy for {HealthySeconds:0} s, backoff reset")]
    public static partial void BackoffReset(this ILogger logger, string source, double healthySeconds);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information,
        Message = "RTSP snapshot of {Url} ({Mode}): {Frames} frames in {ElapsedSeconds:0.0} s")]
    public static partial void SnapshotCompleted(this ILogger logger, string url, RtspCaptureMode mode, int frames, double elapsedSeconds);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning,
        Message = "RTSP snapshot of {Url} ({Mode}) failed after {Frames} of {Expected} frames ({Reason}): {Error}")]
    public static partial void SnapshotFailed(this ILogger logger, string url, RtspCaptureMode mode, int frames, int expected, RtspFailureReason reason, string error);

    [LoggerMessage(EventId = 5114, Level = LogLevel.Error, Message = "Capture {Source} stopped on an unexpected error")]
    public static partial void LoopFailed(this ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 5115, Level = LogLevel.Information,
        Message = "RTSP probe of {Url}: {Codec} {Width}x{Height} at {Fps} fps, in {ElapsedSeconds:0.0} s")]
    public static partial void Probed(this ILogger logger, string url, string codec, int width, int height, double? fps, double elapsedSeconds);

    [LoggerMessage(EventId = 5116, Level = LogLevel.Information, Message = "RTSP probe of {Url} gave no stream description: {Reason}")]
    public static partial void ProbeFailed(this ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 5117, Level = LogLevel.Warning, Message = "Capture {Source}: the stream handler failed")]
    public static partial void StreamHandlerFailed(this ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 5118, Level = LogLevel.Information, Message = "Capture watcher ({Reason}): {Cameras} RTSP and MJPEG cameras checked, {Failures} failed")]
    public static partial void WatcherPass(this ILogger logger, string reason, int cameras, int failures);

    [LoggerMessage(EventId = 5119, Level = LogLevel.Debug, Message = "Capture watcher ({Reason}): {Cameras} RTSP and MJPEG cameras checked, {Failures} failed")]
    public static partial void PeriodicWatcherPass(this ILogger logger, string reason, int cameras, int failures);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Information, Message = "Capture {Source}: a slot is free, starting")]
    public static partial void CapacityGranted(this ILogger logger, string source);

    [LoggerMessage(EventId = 5120, Level = LogLevel.Information, Message = "Capture {Source}: left this silo's queue for a slot, to capture on another silo")]
    public static partial void LeftCapacityQueue(this ILogger logger, string source);
}
