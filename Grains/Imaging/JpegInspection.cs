namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// Outcome of <see cref="JpegInspector.Inspect"/>: the image size when valid, otherwise the
/// problem and a human-readable reason.
/// </summary>
public readonly record struct JpegInspection(JpegProblem Problem, string? Reason, int Width, int Height, int Components)
{
    public bool IsValid => Problem == JpegProblem.None;

    internal static JpegInspection Valid(int width, int height, int components) =>
        new(JpegProblem.None, null, width, height, components);

    internal static JpegInspection Invalid(JpegProblem problem, string reason) =>
        new(problem, reason, 0, 0, 0);
}
