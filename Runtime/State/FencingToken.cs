namespace IngestionCluster.Runtime.State;

/// <summary>The claim under which an activation writes: its partition and the epoch its silo holds for it.</summary>
internal readonly record struct FencingToken(int Partition, long Epoch);
