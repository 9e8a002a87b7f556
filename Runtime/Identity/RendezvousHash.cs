namespace IngestionCluster.Runtime.Identity;

/// <summary>
/// Highest-random-weight hashing: each partition goes to the live silo with the highest weight for
/// it. When a silo joins it takes about 1/N of the partitions from the others; when one leaves only
/// its partitions move.
/// </summary>
public static class RendezvousHash
{
    public static string OwnerOf(int partition, IReadOnlyCollection<string> liveSilos)
    {
        string? best = null;
        ulong bestWeight = 0;
        foreach (var silo in liveSilos)
        {
            var weight = StableHash.Fnv1a64($"{silo}#{partition}");
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(silo, best) < 0))
            {
                best = silo;
                bestWeight = weight;
            }
        }
        return best ?? throw new InvalidOperationException("No live silo.");
    }
}
