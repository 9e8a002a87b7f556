namespace IngestionCluster.Grains.Abstractions.Catalog;

/// <summary>One page of a list and the number of items that match in all.</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, long Total);
