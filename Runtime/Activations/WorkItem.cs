namespace IngestionCluster.Runtime.Activations;

/// <summary>One turn's worth of work for an activation.</summary>
internal abstract class WorkItem
{
    public abstract Task ExecuteAsync(Activation activation);

    /// <summary>The activation ended before running this item: hand it on (to a new activation) or drop it.</summary>
    public abstract void Redirect(PartitionAgent partition);
}
