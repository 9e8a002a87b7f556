namespace IngestionCluster.Runtime.Transport;

/// <summary>A silo's consumer on one partition queue. At most one consumer of a partition is active at a time.</summary>
internal interface IPartitionSubscription
{
    int Partition { get; }

    /// <summary>Stop consuming and give every unacknowledged message back to the broker (the next consumer gets them).</summary>
    Task CloseAsync();
}
