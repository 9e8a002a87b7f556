using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

[GenerateSerializer, Alias("ic.LatestFrame")]
public sealed record LatestFrame([Id(0), Immutable] byte[] Jpeg, [Id(1)] DateTimeOffset Timestamp, [Id(2)] long Sequence);
