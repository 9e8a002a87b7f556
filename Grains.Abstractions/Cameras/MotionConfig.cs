using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>Per-camera motion detection settings; defaults suit a 1280×720 camera decoded at 1/8 scale.</summary>
/// <param name="Enabled">Run motion detection on every frame.</param>
/// <param name="Threshold">Per-pixel gray difference (1–254) beyond which a pixel counts as changed.</param>
/// <param name="MinArea">Changed pixels of the small image that make motion.</param>
/// <param name="BackgroundRate">Running-average weight of each new frame (0–1).</param>
/// <param name="WarmupFrames">Frames used to calibrate the background before motion is reported.</param>
[GenerateSerializer, Alias("ic.MotionConfig")]
public sealed record MotionConfig([Id(0)] bool Enabled = true, [Id(1)] int Threshold = 25, [Id(2)] int MinArea = 30, [Id(3)] double BackgroundRate = 0.05, [Id(4)] int WarmupFrames = 5)
{
    /// <summary>Highest threshold: a pixel changes when its difference exceeds it, and no difference exceeds 255.</summary>
    public const int MaxThreshold = 254;

    public static MotionConfig Default { get; } = new();

    public string? Problem() =>
        Threshold is < 1 or > MaxThreshold ? $"motion.threshold must be between 1 and {MaxThreshold}"
        : MinArea < 1 ? "motion.min_area must be at least 1"
        : BackgroundRate is not (> 0 and <= 1) ? "motion.background_rate must be in (0, 1]"
        : WarmupFrames is < 0 or > 1000 ? "motion.warmup_frames must be between 0 and 1000"
        : null;
}
