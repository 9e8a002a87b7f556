namespace IngestionCluster.Grains.Motion;

/// <summary>What <see cref="MotionDetector"/> found in one frame.</summary>
/// <param name="Motion">Area reached <see cref="MotionSettings.MinArea"/> and the detector is not calibrating.</param>
/// <param name="Area">Changed pixels in the small image.</param>
/// <param name="Calibrating">The background is still settling (warm-up after start, reset or size change).</param>
/// <param name="Width">Width of the small image the detector worked on.</param>
/// <param name="Height">Height of the small image the detector worked on.</param>
/// <param name="Box">Bounding box of the changed pixels; empty when none changed.</param>
public readonly record struct MotionResult(bool Motion, int Area, bool Calibrating, int Width, int Height, MotionBox Box)
{
    /// <summary>Changed share of the small image, 0–1.</summary>
    public double AreaFraction => Width * Height == 0 ? 0 : (double)Area / (Width * Height);
}
