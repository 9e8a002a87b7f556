using System.Collections.Concurrent;
using System.Threading.Channels;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Runtime.Identity;
using IngestionCluster.Runtime.Invocation;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Activations;

/// <summary>
/// The one live instance of a grain in the cluster. Work arrives in a mailbox and runs one turn at a
/// time. An activation stays in its partition's table until it has fully deactivated; work that
/// reaches it afterwards is handed to the next activation, so no message is lost or run twice at once.
/// </summary>
internal sealed class Activation : IGrainContext
{
    private readonly Channel<WorkItem> _mailbox = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<DeferredAcknowledgement, byte> _deferred = new();
    private readonly ConcurrentDictionary<GrainTimer, byte> _timers = new();
    private readonly List<State.IStateLoader> _stateLoaders = [];
    private Grain? _grain;
    private DeliveryWorkItem? _currentDelivery;
    private DeactivationReason? _deactivation;
    private int _started;
    private bool _aborted;
    private long _lastActivityTicks;
    private long _keepAliveUntilTicks;
    private IReadOnlyList<KeyValuePair<string, object?>>? _logScope;

    public Activation(GrainId grainId, GrainInterfaceInfo grainInterface, Type implementation, PartitionAgent partition)
    {
        GrainId = grainId;
        Interface = grainInterface;
        Implementation = implementation;
        Partition = partition;
        _lastActivityTicks = Silo.Clock.GetTimestamp();
    }

    public GrainId GrainId { get; }

    /// <summary>The log scope of this grain's turns: its type and its key under the interface's key name.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> LogScope => _logScope ??=
    [
        new("grain_type", Interface.ShortName),
        new(Interface.KeyLogName, GrainId.Key),
    ];

    public GrainInterfaceInfo Interface { get; }

    public Type Implementation { get; }

    public PartitionAgent Partition { get; }

    public SiloRuntime Silo => Partition.Silo;

    public IGrainFactory GrainFactory => Silo.GrainFactory;

    public Grain GrainInstance => _grain ?? throw new InvalidOperationException("Not activated.");

    public CancellationToken StoppingToken => _stopping.Token;

    public Task Completion => _completion.Task;

    private int _queued;

    public bool TryEnqueue(WorkItem item)
    {
        // Counted before the write so that the reader never sees the count go negative.
        Interlocked.Increment(ref _queued);
        if (_mailbox.Writer.TryWrite(item))
        {
            return true;
        }
        Interlocked.Decrement(ref _queued);
        return false;
    }

    /// <summary>Work items waiting (a single-reader channel cannot count itself).</summary>
    public int QueuedCount => Volatile.Read(ref _queued);

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            // A clean context: the loop must not carry the first caller's log scopes and trace into every later turn.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(RunAsync);
            }
        }
    }

    /// <summary>Idle means: nothing queued, no deferred acknowledgement, no keep-alive timer, and no turn for <paramref name="age"/>.</summary>
    public bool IsIdle(TimeSpan age)
    {
        if (_deactivation is not null || !_deferred.IsEmpty || QueuedCount > 0 || _timers.Keys.Any(t => t.KeepAlive))
        {
            return false;
        }
        var now = Silo.Clock.GetTimestamp();
        if (now < Volatile.Read(ref _keepAliveUntilTicks))
        {
            return false;
        }
        return Silo.Clock.GetElapsedTime(Volatile.Read(ref _lastActivityTicks), now) >= age;
    }

    public void RequestDeactivation(DeactivationReason reason)
    {
        _deactivation ??= reason;
        TryEnqueue(WakeWorkItem.Instance);
    }

    /// <summary>The silo died: stop without running OnDeactivateAsync or settling anything.</summary>
    public void Abort()
    {
        _aborted = true;
        _deactivation ??= new DeactivationReason(DeactivationReasonCode.ShuttingDown, "silo killed");
        _stopping.Cancel();
        _mailbox.Writer.TryComplete();
        foreach (var timer in _timers.Keys)
        {
            timer.Dispose();
        }
    }

    public void DelayDeactivation(TimeSpan period)
    {
        var until = Silo.Clock.GetTimestamp() + (long)(period.TotalSeconds * Silo.Clock.TimestampFrequency);
        Volatile.Write(ref _keepAliveUntilTicks, until);
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, options, Silo.Clock);
        _timers[timer] = 0;
        return timer;
    }

    public void ForgetTimer(GrainTimer timer) => _timers.TryRemove(timer, out _);

    public IDeferredAcknowledgement DeferAcknowledgement()
    {
        var current = _currentDelivery
            ?? throw new InvalidOperationException("DeferAcknowledgement is only possible in a turn that handles a message from the transport.");
        current.Deferred = true;
        var deferred = new DeferredAcknowledgement(current.Delivery, this);
        _deferred[deferred] = 0;
        return deferred;
    }

    public void ForgetDeferred(DeferredAcknowledgement deferred) => _deferred.TryRemove(deferred, out _);

    /// <summary>Messages this activation holds unacknowledged beyond their turn.</summary>
    public int DeferredCount => _deferred.Count;

    public Task InvokeInTurnAsync(Func<Task> work)
    {
        var item = new LocalWorkItem(work);
        return TryEnqueue(item)
            ? item.Completion
            : Task.FromException(new InvalidOperationException($"{GrainId} is deactivated."));
    }

    public Task RegisterOrUpdateReminderAsync(string name, TimeSpan dueTime, TimeSpan period) =>
        Partition.RegisterReminderAsync(GrainId, name, dueTime, period, StoppingToken);

    public Task UnregisterReminderAsync(string name) => Partition.UnregisterReminderAsync(GrainId, name, StoppingToken);

    public void BeginTurn(DeliveryWorkItem item) => _currentDelivery = item;

    public void EndTurn() => _currentDelivery = null;

    public void AddStateLoader(State.IStateLoader loader) => _stateLoaders.Add(loader);

    private async Task RunAsync()
    {
        // The scope flows into every turn of this activation (they all run inside this method).
        using var scope = Silo.Log.BeginScope(LogScope);
        var activated = false;
        try
        {
            activated = await ActivateAsync().ConfigureAwait(false);
            if (activated)
            {
                await RunTurnsAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (!_aborted)
            {
                await FinishAsync(activated).ConfigureAwait(false);
            }
            Partition.Remove(this);
            _mailbox.Writer.TryComplete();
            while (_mailbox.Reader.TryRead(out var leftover))
            {
                Interlocked.Decrement(ref _queued);
                if (!_aborted)
                {
                    leftover.Redirect(Partition);
                }
            }
            _stopping.Dispose();
            _completion.TrySetResult();
        }
    }

    private async Task<bool> ActivateAsync()
    {
        // Activation touches the database (state) and services; a short outage should delay work, not dead-letter it.
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _grain = Silo.Activator.Create(Implementation, this);
                _grain.Context = this;
                foreach (var loader in _stateLoaders)
                {
                    await loader.LoadAsync(StoppingToken).ConfigureAwait(false);
                }
                await _grain.OnActivateAsync(StoppingToken).ConfigureAwait(false);
                RuntimeMetrics.Activated(Interface.ShortName);
                return true;
            }
            catch (Exception e) when (attempt < Silo.Options.ActivationAttempts && !StoppingToken.IsCancellationRequested && _deactivation is null)
            {
                Silo.Log.LogWarning(e, "Activation of {Grain} failed (attempt {Attempt}); retrying in {Delay}", GrainId, attempt, delay);
                _stateLoaders.Clear();
                try
                {
                    await Task.Delay(delay, Silo.Clock, StoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (Exception e)
            {
                Silo.Log.LogError(e, "Activation of {Grain} failed", GrainId);
                _deactivation ??= new DeactivationReason(DeactivationReasonCode.Error, $"activation failed: {e.Message}");
                FailQueuedWork(e);
                return false;
            }
        }
    }

    private async Task RunTurnsAsync()
    {
        var reader = _mailbox.Reader;
        while (_deactivation is null && await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_deactivation is null && reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref _queued);
                Volatile.Write(ref _lastActivityTicks, Silo.Clock.GetTimestamp());
                await item.ExecuteAsync(this).ConfigureAwait(false);
                Volatile.Write(ref _lastActivityTicks, Silo.Clock.GetTimestamp());
            }
        }
    }

    private async Task FinishAsync(bool activated)
    {
        var reason = _deactivation ?? new DeactivationReason(DeactivationReasonCode.ShuttingDown, "mailbox closed");
        foreach (var timer in _timers.Keys)
        {
            timer.Dispose();
        }
        if (activated && _grain is not null)
        {
            try
            {
                await _grain.OnDeactivateAsync(reason, StoppingToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Silo.Log.LogWarning(e, "OnDeactivateAsync of {Grain} failed", GrainId);
            }
            RuntimeMetrics.Deactivated(Interface.ShortName, reason.Code);
        }
        // Deferred messages go back to the broker now, unless the whole partition is closing (then its channel returns them).
        foreach (var deferred in _deferred.Keys)
        {
            if (reason.Code is DeactivationReasonCode.PartitionReleased or DeactivationReasonCode.ShuttingDown)
            {
                deferred.Drop();
            }
            else
            {
                deferred.Abandon();
            }
        }
        _deferred.Clear();
        Silo.Log.Deactivated(GrainId.ToString(), reason.ToString());
    }

    private void FailQueuedWork(Exception error)
    {
        // Items queued before the failed activation: requests get the error, one-way calls go back to the broker.
        while (_mailbox.Reader.TryRead(out var item))
        {
            Interlocked.Decrement(ref _queued);
            if (item is DeliveryWorkItem delivery)
            {
                if (delivery.Delivery.Envelope.Kind == Messaging.MessageKind.Request)
                {
                    delivery.Delivery.ReplyError(new InvalidOperationException($"{GrainId} could not be activated: {error.Message}"));
                    delivery.Delivery.Ack();
                }
                else
                {
                    delivery.Delivery.Nack(requeue: true);
                }
            }
        }
    }
}
