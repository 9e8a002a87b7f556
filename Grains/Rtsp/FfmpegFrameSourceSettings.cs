namespace IngestionCluster.Grains.Rtsp;

/// <summary>How one <see cref="FfmpegFrameSource"/> runs.</summary>
/// <param name="FfmpegPath">The ffmpeg executable (<see cref="FfmpegLocator.Find"/>).</param>
/// <param name="Arguments">What ffmpeg reads and how it writes frames.</param>
/// <param name="FirstFrameTimeout">Longest wait from the start to the first frame.</param>
/// <param name="StallTimeout">Longest wait between two frames.</param>
/// <param name="MaxQueuedFrames">Frames held while the reader is busy; beyond that the oldest is dropped and counted.</param>
/// <param name="StopGracePeriod">Time ffmpeg gets after SIGTERM before its process group is killed.</param>
/// <param name="Source">Name of the capture in logs (a camera id, or <c>snapshot</c>); never the URL.</param>
/// <param name="Kind">Metrics tag: <c>stream</c> or <c>snapshot</c>.</param>
public sealed record FfmpegFrameSourceSettings(
    string FfmpegPath,
    FfmpegCaptureArguments Arguments,
    TimeSpan FirstFrameTimeout,
    TimeSpan StallTimeout,
    int MaxQueuedFrames,
    TimeSpan StopGracePeriod,
    string Source,
    string Kind = FfmpegFrameSourceSettings.StreamKind)
{
    /// <summary><see cref="Kind"/> of continuous captures.</summary>
    public const string StreamKind = "stream";

    /// <summary><see cref="Kind"/> of one-shot captures.</summary>
    public const string SnapshotKind = "snapshot";
}
