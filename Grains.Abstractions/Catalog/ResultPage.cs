using Orleans;

namespace IngestionCluster.Grains.Abstractions.Catalog;

/// <summary>One page of a list and the number of items that match in all.</summary>
[GenerateSerializer, Alias("ic.ResultPage`1")]
public sealed record ResultPage<T>([Id(0)] IReadOnlyList<T> Items, [Id(1)] long Total);
