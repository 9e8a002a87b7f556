namespace IngestionCluster.Grains.Sessions;

/// <summary>What one prune of a camera's automatic sessions' state did.</summary>
/// <param name="PrunedBelow">Every session below this one has no row left.</param>
/// <param name="Deleted">Rows deleted.</param>
/// <param name="DueIn">When enough of the rows it left have aged for the next prune; null when it left none in its range.</param>
public sealed record SessionStatePrune(long PrunedBelow, int Deleted, TimeSpan? DueIn);
