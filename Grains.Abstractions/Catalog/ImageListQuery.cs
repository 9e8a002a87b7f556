using Orleans;

namespace IngestionCluster.Grains.Abstractions.Catalog;

/// <summary>Images newest first, optionally of one camera and received in [<see cref="From"/>, <see cref="To"/>).</summary>
[GenerateSerializer, Alias("ic.ImageListQuery")]
public sealed record ImageListQuery([Id(0)] string? CameraId, [Id(1)] DateTimeOffset? From, [Id(2)] DateTimeOffset? To, [Id(3)] int Skip, [Id(4)] int Limit);
