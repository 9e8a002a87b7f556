namespace IngestionCluster.Runtime.Activations;

internal sealed class TimerWorkItem(GrainTimer timer) : WorkItem
{
    public override Task ExecuteAsync(Activation activation) => timer.RunCallbackAsync(activation);

    public override void Redirect(PartitionAgent partition) => timer.TickSkipped();
}
