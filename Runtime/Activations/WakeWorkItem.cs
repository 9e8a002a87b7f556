namespace IngestionCluster.Runtime.Activations;

/// <summary>Wakes an idle activation's loop so that it notices a deactivation request.</summary>
internal sealed class WakeWorkItem : WorkItem
{
    public static WakeWorkItem Instance { get; } = new();

    public override Task ExecuteAsync(Activation activation) => Task.CompletedTask;

    public override void Redirect(PartitionAgent partition)
    {
    }
}
