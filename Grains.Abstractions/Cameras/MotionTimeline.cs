using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>
/// A camera's frames and motion over the last hour, in slices of <see cref="BucketSeconds"/>, oldest first,
/// by the silo's arrival time. The camera's activation keeps it in memory: nothing before
/// <see cref="TrackedSince"/> (the activation's start, or the camera's registration) is known.
/// </summary>
[GenerateSerializer, Alias("ic.MotionTimeline")]
public sealed record MotionTimeline(
    [Id(0)] DateTimeOffset From,
    [Id(1)] DateTimeOffset To,
    [Id(2)] int BucketSeconds,
    [Id(3)] DateTimeOffset TrackedSince,
    [Id(4)] IReadOnlyList<MotionBucket> Buckets);
