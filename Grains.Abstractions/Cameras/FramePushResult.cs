using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <param name="Sequence">The frame's place in the camera's sequence (monotonically increasing).</param>
/// <param name="Motion">Whether this frame showed motion.</param>
/// <param name="Area">Changed pixels of the small motion image.</param>
/// <param name="ImageId">Set when the persistence policy kept this frame.</param>
/// <param name="Timestamp">The frame's time: the one it was pushed with, or the silo's clock on arrival (null from a silo of an earlier version).</param>
[GenerateSerializer, Alias("ic.FramePushResult")]
public sealed record FramePushResult(
    [Id(0)] long Sequence, [Id(1)] bool Motion, [Id(2)] int Area, [Id(3)] bool Calibrating, [Id(4)] string? ImageId, [Id(5)] DateTimeOffset? Timestamp = null);
