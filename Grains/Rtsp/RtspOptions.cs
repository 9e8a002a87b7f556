using System.Globalization;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Settings of RTSP capture, bound from the configuration section <c>Rtsp</c> (environment variables
/// <c>Rtsp__MaxConcurrentStreams</c>, <c>Rtsp__StallTimeout</c>, ...; durations as <c>hh:mm:ss</c>).
/// Validated at start-up by <see cref="Validate"/>.
/// </summary>
public sealed class RtspOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rtsp";

    /// <summary>Best mjpeg quality ffmpeg accepts for <c>-q:v</c>.</summary>
    public const int BestJpegQuality = 2;

    /// <summary>Worst (smallest) mjpeg quality ffmpeg accepts for <c>-q:v</c>.</summary>
    public const int WorstJpegQuality = 31;

    /// <summary>
    /// Most continuous captures (ffmpeg processes of RTSP cameras) one silo runs at once. Default 10.
    /// A camera beyond the limit waits (status <c>waiting_for_capacity</c>) and starts when another stops.
    /// </summary>
    public int MaxConcurrentStreams { get; set; } = 10;

    /// <summary>
    /// Most capture requests (one-shot ffmpeg captures of <c>POST /api/v1/ingest/rtsp</c>) one silo runs at
    /// once. Default 10. Further requests wait in arrival order; their time limits start when they get a slot.
    /// </summary>
    public int MaxConcurrentCaptures { get; set; } = 10;

    /// <summary>
    /// Longest wait of a capture request for a free slot of <see cref="MaxConcurrentCaptures"/>; beyond it the
    /// request fails (reason <c>busy</c>). Default 10 min.
    /// </summary>
    public TimeSpan CaptureQueueTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A streaming camera that delivers no frame for this long is disconnected (reason <c>timeout</c>)
    /// and reconnected. Default 20 s.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Longest wait for the first frame after ffmpeg starts (connect, RTSP handshake, stream probing)
    /// before the attempt counts as failed (reason <c>timeout</c>). Default 30 s.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before the first reconnect attempt; it doubles per failed attempt (±20 % jitter). Default 1 s.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between reconnect attempts. Default 60 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A stream that delivered frames for at least this long counts as healthy: when it drops, the
    /// backoff starts again from <see cref="ReconnectInitialDelay"/>. Default 30 s.
    /// </summary>
    public TimeSpan HealthyResetAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Default limit for a one-shot capture request: it fails (reason <c>timeout</c>) when no frame
    /// arrives within this time of the start or of the previous frame. Default 30 s.
    /// </summary>
    public TimeSpan CaptureTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest time ffprobe gets to tell what a source sends (codec, size, frame rate) after a capture
    /// connected; beyond it the probe is killed and the stream stays unknown. Default 10 s.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Path of the ffmpeg executable, or a name looked up on <c>PATH</c>. Default: <c>ffmpeg</c> on <c>PATH</c>.
    /// ffprobe is taken from the same folder (or <c>PATH</c> when it is not there).
    /// </summary>
    public string? FfmpegPath { get; set; }

    /// <summary>JPEG quality of the frames ffmpeg writes (<c>-q:v</c>): 2 (best, largest) to 31 (worst, smallest). Default 5.</summary>
    public int JpegQuality { get; set; } = 5;

    /// <summary>
    /// Frames held for a consumer that is slower than the camera; when more arrive, the oldest queued
    /// frame is dropped (and counted), so the consumer always gets recent frames. Default 2.
    /// </summary>
    public int MaxQueuedFrames { get; set; } = 2;

    /// <summary>How long a stopping ffmpeg gets after SIGTERM before its process group is killed. Default 5 s.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest <see cref="StopGracePeriod"/> that keeps a capture's stop within Orleans' deactivation timeout.</summary>
    public static readonly TimeSpan MaxStopGracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>How long after start-up a silo first activates every RTSP camera (so captures resume after a restart). Default 2 s.</summary>
    public TimeSpan WatcherStartDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each silo re-activates every RTSP camera as a safety net; a dead silo triggers it at once. Default 30 s.</summary>
    public TimeSpan WatcherInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a camera waiting for capacity (<see cref="MaxConcurrentStreams"/> reached on its silo) asks the other silos
    /// for a free slot; it moves to the silo with the most. Default 10 s.
    /// </summary>
    public TimeSpan CapacitySearchInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every problem with these settings, each as a sentence naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxConcurrentStreams is < 1 or > 10_000)
        {
            errors.Add($"Rtsp:MaxConcurrentStreams must be between 1 and 10000, got {MaxConcurrentStreams}");
        }
        if (MaxConcurrentCaptures is < 1 or > 10_000)
        {
            errors.Add($"Rtsp:MaxConcurrentCaptures must be between 1 and 10000, got {MaxConcurrentCaptures}");
        }
        Positive(errors, nameof(CaptureQueueTimeout), CaptureQueueTimeout);
        Positive(errors, nameof(StallTimeout), StallTimeout);
        Positive(errors, nameof(ConnectTimeout), ConnectTimeout);
        Positive(errors, nameof(ReconnectInitialDelay), ReconnectInitialDelay);
        Positive(errors, nameof(HealthyResetAfter), HealthyResetAfter);
        Positive(errors, nameof(CaptureTimeout), CaptureTimeout);
        Positive(errors, nameof(ProbeTimeout), ProbeTimeout);
        Positive(errors, nameof(StopGracePeriod), StopGracePeriod);
        Positive(errors, nameof(WatcherInterval), WatcherInterval);
        Positive(errors, nameof(CapacitySearchInterval), CapacitySearchInterval);
        if (StopGracePeriod > MaxStopGracePeriod)
        {
            // Stopping ffmpeg takes the grace period and then some (the kill, draining its pipes): it must end before Orleans gives
            // up waiting for a deactivation (30 s), or the camera's next activation could start a second ffmpeg beside it.
            errors.Add($"Rtsp:StopGracePeriod must be at most {MaxStopGracePeriod}, got {StopGracePeriod}");
        }
        if (WatcherStartDelay < TimeSpan.Zero)
        {
            errors.Add($"Rtsp:WatcherStartDelay must not be negative, got {WatcherStartDelay}");
        }
        if (ReconnectMaxDelay < ReconnectInitialDelay)
        {
            errors.Add($"Rtsp:ReconnectMaxDelay ({ReconnectMaxDelay}) must not be shorter than Rtsp:ReconnectInitialDelay ({ReconnectInitialDelay})");
        }
        if (JpegQuality is < BestJpegQuality or > WorstJpegQuality)
        {
            errors.Add($"Rtsp:JpegQuality must be between {BestJpegQuality} (best) and {WorstJpegQuality}, got {JpegQuality}");
        }
        if (MaxQueuedFrames is < 1 or > 1000)
        {
            errors.Add($"Rtsp:MaxQueuedFrames must be between 1 and 1000, got {MaxQueuedFrames}");
        }
        if (FfmpegPath is { Length: > 0 } path)
        {
            try
            {
                FfmpegLocator.Find(path);
            }
            catch (FfmpegNotFoundException e)
            {
                errors.Add(e.Message);
            }
        }
        return errors;
    }

    /// <summary>ffmpeg's own socket timeout: a backstop just beyond our limits, so that our classification (timeout) wins the race.</summary>
    internal static TimeSpan FfmpegSocketTimeout(TimeSpan limit) => limit + TimeSpan.FromSeconds(5);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"MaxConcurrentStreams={MaxConcurrentStreams}, MaxConcurrentCaptures={MaxConcurrentCaptures}, CaptureQueueTimeout={CaptureQueueTimeout}, StallTimeout={StallTimeout}, ConnectTimeout={ConnectTimeout}, Reconnect={ReconnectInitialDelay}..{ReconnectMaxDelay}, " +
        $"HealthyResetAfter={HealthyResetAfter}, CaptureTimeout={CaptureTimeout}, ProbeTimeout={ProbeTimeout}, FfmpegPath={FfmpegPath ?? "(PATH)"}, JpegQuality={JpegQuality}, MaxQueuedFrames={MaxQueuedFrames}");

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Rtsp:{name} must be positive, got {value}");
        }
    }
}
