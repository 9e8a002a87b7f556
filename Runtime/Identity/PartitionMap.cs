namespace IngestionCluster.Runtime.Identity;

/// <summary>Maps placement keys to partitions: <c>partition = fnv1a(placementKey) mod P</c>.</summary>
public sealed class PartitionMap
{
    public PartitionMap(int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitionCount, 1024);
        PartitionCount = partitionCount;
    }

    public int PartitionCount { get; }

    public int PartitionOf(string placementKey) => (int)(StableHash.Fnv1a32(placementKey) % (uint)PartitionCount);
}
