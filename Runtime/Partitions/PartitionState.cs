namespace IngestionCluster.Runtime.Partitions;

internal enum PartitionState
{
    /// <summary>Subscribed; another silo may still be the active consumer.</summary>
    Waiting,
    /// <summary>Messages arrive here: this silo is the active consumer and holds the epoch.</summary>
    Active,
    /// <summary>Finishing turns and deactivating grains before the channel closes.</summary>
    Releasing,
    Released,
}
