namespace IngestionCluster.Runtime.Activations;

/// <summary>Work handed to a grain from outside its turns (e.g. a capture loop's callback), run as a turn.</summary>
internal sealed class LocalWorkItem(Func<Task> work) : WorkItem
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _completion.Task;

    public override async Task ExecuteAsync(Activation activation)
    {
        try
        {
            await work().ConfigureAwait(false);
            _completion.TrySetResult();
        }
        catch (Exception e)
        {
            _completion.TrySetException(e);
            if (e is InconsistentStateException)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.StateConflict, e.Message));
            }
        }
    }

    public override void Redirect(PartitionAgent partition) =>
        _completion.TrySetException(new InvalidOperationException("The grain was deactivated before the work could run."));
}
