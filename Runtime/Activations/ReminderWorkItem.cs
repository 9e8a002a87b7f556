using IngestionCluster.Runtime.Identity;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Activations;

internal sealed class ReminderWorkItem(GrainId grain, string reminderName, TickStatus status) : WorkItem
{
    public override async Task ExecuteAsync(Activation activation)
    {
        if (activation.GrainInstance is not IRemindable remindable)
        {
            activation.Silo.Log.LogWarning("Reminder {Reminder} fired for {Grain}, which does not implement IRemindable", reminderName, grain);
            return;
        }
        try
        {
            await remindable.ReceiveReminder(reminderName, status).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            activation.Silo.Log.LogWarning(e, "Reminder {Reminder} of {Grain} failed", reminderName, grain);
            if (e is InconsistentStateException)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.StateConflict, e.Message));
            }
        }
    }

    public override void Redirect(PartitionAgent partition) => partition.DispatchLocal(grain, this);
}
