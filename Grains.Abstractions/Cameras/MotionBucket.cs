using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>One slice of a <see cref="MotionTimeline"/>: the frames that arrived in it and how many showed motion.</summary>
/// <param name="Start">Start of the slice; it lasts <see cref="MotionTimeline.BucketSeconds"/>.</param>
/// <param name="Frames">Frames that arrived.</param>
/// <param name="MotionFrames">Of those, frames with motion.</param>
/// <param name="MaxArea">The largest changed area (pixels of the small motion image) in the slice.</param>
[GenerateSerializer, Alias("ic.MotionBucket")]
public sealed record MotionBucket([Id(0)] DateTimeOffset Start, [Id(1)] int Frames, [Id(2)] int MotionFrames, [Id(3)] int MaxArea);
