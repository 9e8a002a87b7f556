using IngestionCluster.Runtime.Identity;

namespace IngestionCluster.Runtime.Activations;

/// <summary>What a grain instance can ask of its activation.</summary>
internal interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options);

    void RequestDeactivation(DeactivationReason reason);

    void DelayDeactivation(TimeSpan period);

    IDeferredAcknowledgement DeferAcknowledgement();

    Task InvokeInTurnAsync(Func<Task> work);

    Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan period);

    Task UnregisterReminderAsync(string name);
}
