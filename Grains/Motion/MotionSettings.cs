using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Motion;

/// <summary>
/// Tunables of <see cref="MotionDetector"/>. Every setting has a documented default; sizes are in
/// pixels of the small grayscale image the detector works on (about <see cref="TargetWidth"/> wide).
/// </summary>
public sealed record MotionSettings
{
    /// <summary>The defaults, suited to 720p–1080p camera frames.</summary>
    public static MotionSettings Default { get; } = new();

    /// <summary>
    /// Gray-level difference (0–255) from the background above which a pixel counts as changed.
    /// Default 25: well above JPEG and sensor noise after the 1/8 downscale and blur.
    /// </summary>
    public int Threshold { get; init; } = 25;

    /// <summary>
    /// Changed pixels needed to report motion. Default 30, i.e. 0.2 % of a 160×90 image
    /// (an object of about 40×40 full-size pixels in a 720p frame).
    /// </summary>
    public int MinArea { get; init; } = 30;

    /// <summary>
    /// Weight (alpha, 0–1] of each new frame in the running-average background. Default 0.05:
    /// an object that stops moving is absorbed into the background after roughly 45 frames.
    /// </summary>
    public double BackgroundRate { get; init; } = 0.05;

    /// <summary>
    /// Frames after a (re)calibration during which no motion is reported while the background
    /// settles (it averages these frames). Default 5.
    /// </summary>
    public int WarmupFrames { get; init; } = 5;

    /// <summary>
    /// Minimum width of the decoded image: JPEGs are decoded at the smallest TurboJPEG scaling
    /// factor (1/8, 1/4, 3/8, 1/2 …) that is at least this wide. Default 160 (1280×720 → 160×90).
    /// </summary>
    public int TargetWidth { get; init; } = 160;

    /// <summary>
    /// Radius of the box blur applied before differencing; 0 turns it off, 1 is a 3×3 box. Default 1:
    /// it removes single-pixel noise and JPEG block edges. At most 4.
    /// </summary>
    public int BlurRadius { get; init; } = 1;

    /// <summary>
    /// Largest frame, in full-size pixels, the detector accepts. Default 8192 × 8192 (67 MP, beyond
    /// 8K): a tiny JPEG can claim 65535 × 65535, and the buffers follow the claimed size.
    /// </summary>
    public int MaxSourcePixels { get; init; } = 8192 * 8192;

    /// <summary>
    /// Whether frames libjpeg decodes only with a warning are used. Default false: such frames
    /// (typically truncated ones) have grey or smeared areas that would read as motion, so they
    /// throw <see cref="Imaging.TurboJpegException"/> instead. Turn on for cameras whose encoders emit
    /// harmless warnings such as extraneous bytes before a marker.
    /// </summary>
    public bool AcceptDecodeWarnings { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(Threshold is >= 1 and <= MotionConfig.MaxThreshold, nameof(Threshold), Threshold, $"between 1 and {MotionConfig.MaxThreshold}");
        Check(MinArea >= 1, nameof(MinArea), MinArea, "at least 1");
        Check(BackgroundRate is > 0 and <= 1, nameof(BackgroundRate), BackgroundRate, "in (0, 1]");
        Check(WarmupFrames >= 0, nameof(WarmupFrames), WarmupFrames, "0 or more");
        Check(TargetWidth is >= 8 and <= 4096, nameof(TargetWidth), TargetWidth, "between 8 and 4096");
        Check(BlurRadius is >= 0 and <= 4, nameof(BlurRadius), BlurRadius, "between 0 and 4");
        Check(MaxSourcePixels >= 1, nameof(MaxSourcePixels), MaxSourcePixels, "at least 1");
    }

    private static void Check(bool valid, string name, object value, string expected)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"MotionSettings.{name} must be {expected}.");
        }
    }
}
