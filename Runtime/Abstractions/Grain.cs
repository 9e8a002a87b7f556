using IngestionCluster.Runtime.Activations;

namespace IngestionCluster.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates one activation per grain in the whole
/// cluster and runs its methods one turn at a time, so grain code needs no locks.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    internal IGrainContext Context
    {
        get => _context ?? throw new InvalidOperationException("The grain is not activated by the runtime yet (do not use runtime members in the constructor).");
        set => _context = value;
    }

    protected IGrainFactory GrainFactory => Context.GrainFactory;

    public string GetPrimaryKeyString() => Context.GrainId.Key;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs <paramref name="callback"/> as a turn of this grain after <paramref name="dueTime"/>, then every <paramref name="period"/> (Timeout.InfiniteTimeSpan: once).</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Context.RegisterTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        Context.RegisterTimer(callback, options);

    /// <summary>Deactivate this activation after the current turn.</summary>
    protected void DeactivateOnIdle() => Context.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle"));

    /// <summary>Keep the activation from idle collection for at least <paramref name="period"/>.</summary>
    protected void DelayDeactivation(TimeSpan period) => Context.DelayDeactivation(period);

    /// <summary>
    /// Leaves the message of the current turn unacknowledged when the turn ends; the broker keeps it
    /// until the returned handle is completed. Only for one-way calls that came through the transport.
    /// </summary>
    protected IDeferredAcknowledgement DeferAcknowledgement() => Context.DeferAcknowledgement();

    /// <summary>
    /// Runs <paramref name="work"/> as a turn of this grain and completes when it has run. For code that
    /// runs outside the grain's turns (callbacks of background loops) and must touch the grain's state.
    /// Never await it from inside a turn of the same grain: that turn would wait for itself.
    /// </summary>
    protected Task InvokeInTurnAsync(Func<Task> work) => Context.InvokeInTurnAsync(work);

    protected Task RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        Context.RegisterOrUpdateReminderAsync(reminderName, dueTime, period);

    protected Task UnregisterReminder(string reminderName) => Context.UnregisterReminderAsync(reminderName);
}
