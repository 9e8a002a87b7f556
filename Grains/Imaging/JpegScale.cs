namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// A DCT scaling factor TurboJPEG can decode at directly (num/denom), and the output size it gives.
/// </summary>
public readonly record struct JpegScale(int Numerator, int Denominator)
{
    // The factors ≤ 1 that tjGetScalingFactors reports for libjpeg-turbo, smallest first.
    private static readonly JpegScale[] _downscales =
    [
        new(1, 8), new(1, 4), new(3, 8), new(1, 2), new(5, 8), new(3, 4), new(7, 8), new(1, 1),
    ];

    /// <summary>Full size.</summary>
    public static JpegScale One { get; } = new(1, 1);

    /// <summary>The downscaling factors TurboJPEG supports, smallest first.</summary>
    public static ReadOnlySpan<JpegScale> Downscales => _downscales;

    /// <summary>A dimension scaled the way TurboJPEG does (<c>TJSCALED</c>): ceil(dimension × num / denom).</summary>
    public int Apply(int dimension) => (int)(((long)dimension * Numerator + Denominator - 1) / Denominator);

    /// <summary>
    /// The smallest factor whose output is at least <paramref name="targetWidth"/> pixels wide;
    /// full size when the image is narrower than the target.
    /// </summary>
    public static JpegScale ForTargetWidth(int width, int targetWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWidth);
        foreach (var scale in _downscales)
        {
            if (scale.Apply(width) >= targetWidth)
            {
                return scale;
            }
        }

        return One;
    }

    public override string ToString() => $"{Numerator}/{Denominator}";
}
