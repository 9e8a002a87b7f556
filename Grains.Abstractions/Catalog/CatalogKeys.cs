namespace IngestionCluster.Grains.Abstractions.Catalog;

/// <summary>
/// Catalog grains are stateless readers; callers pick one of a small pool of keys at random so that
/// list queries spread over partitions (and silos) instead of queueing behind one activation.
/// </summary>
public static class CatalogKeys
{
    public const int PoolSize = 8;

    public static string Any() => $"catalog-{Random.Shared.Next(PoolSize)}";
}
