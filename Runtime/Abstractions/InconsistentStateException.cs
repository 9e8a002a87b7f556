namespace IngestionCluster.Runtime;

/// <summary>
/// A state write lost: its etag is not the stored one, or the partition has a newer owner. The
/// activation that got it is stale and is deactivated after the turn.
/// </summary>
public sealed class InconsistentStateException(string message) : Exception(message);
