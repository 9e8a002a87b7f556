using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A JPEG frame pushed to a camera; without a timestamp the silo's clock stamps it on arrival.</summary>
[GenerateSerializer, Alias("ic.FrameData")]
public sealed record FrameData([Id(0), Immutable] byte[] Jpeg, [Id(1)] DateTimeOffset? Timestamp = null);
