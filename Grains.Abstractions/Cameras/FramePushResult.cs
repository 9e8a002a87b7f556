namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <param name="Sequence">The frame's place in the camera's sequence (monotonically increasing).</param>
/// <param name="Motion">Whether this frame showed motion.</param>
/// <param name="Area">Changed pixels of the small motion image.</param>
/// <param name="ImageId">Set when the persistence policy kept this frame.</param>
public sealed record FramePushResult(long Sequence, bool Motion, int Area, bool Calibrating, string? ImageId);
