namespace IngestionCluster.Grains.Motion;

/// <summary>
/// Bounding box of the changed pixels, in pixels of the small image; multiply by
/// source width / <see cref="MotionResult.Width"/> for full-size coordinates.
/// </summary>
public readonly record struct MotionBox(int X, int Y, int Width, int Height)
{
    public static MotionBox Empty => default;

    public bool IsEmpty => Width == 0 || Height == 0;
}
