using System.Collections.Concurrent;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Runtime.Identity;
using IngestionCluster.Runtime.Messaging;
using IngestionCluster.Runtime.Partitions;
using IngestionCluster.Runtime.State;
using IngestionCluster.Runtime.Transport;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Activations;

/// <summary>
/// A silo's hold on one partition: its broker subscription, the activations of the grains placed in it,
/// its epoch and its reminders. It becomes active on its first delivery (the wake-up message it sends
/// itself when claiming), bumps the epoch, then dispatches deliveries to activations.
/// </summary>
internal sealed class PartitionAgent : IDeliveryHandler
{
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();
    private readonly ConcurrentDictionary<(GrainId Grain, string Name), ITimer> _reminders = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IPartitionSubscription? _subscription;
    private volatile PartitionState _state = PartitionState.Waiting;
    private long _epoch;

    public PartitionAgent(int partition, SiloRuntime silo)
    {
        Partition = partition;
        Silo = silo;
    }

    public int Partition { get; }

    public SiloRuntime Silo { get; }

    public PartitionState State => _state;

    public FencingToken Fence => new(Partition, Interlocked.Read(ref _epoch));

    public int ActivationCount => _activations.Count;

    public IEnumerable<Activation> Activations => _activations.Values;

    public async Task ClaimAsync(CancellationToken cancellationToken)
    {
        _subscription = await Silo.Transport.SubscribeAsync(Partition, this, cancellationToken).ConfigureAwait(false);
        await SendWakeUpAsync(cancellationToken).ConfigureAwait(false);
        // The previous owner may still be the active consumer and take our wake-up itself; keep knocking
        // until one reaches us, so we learn we are active even on a partition that gets no other traffic.
        _ = Task.Run(async () =>
        {
            while (_state == PartitionState.Waiting)
            {
                await Task.Delay(Silo.Options.HeartbeatInterval, Silo.Clock).ConfigureAwait(false);
                if (_state != PartitionState.Waiting)
                {
                    break;
                }
                try
                {
                    await SendWakeUpAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Silo.Log.LogDebug("Partition {Partition}: wake-up not sent: {Error}", Partition, e.Message);
                }
            }
        }, CancellationToken.None);
    }

    private Task SendWakeUpAsync(CancellationToken cancellationToken)
    {
        // The broker hands this to whichever consumer is active; once one reaches us, we are.
        var wake = new CallEnvelope
        {
            Kind = MessageKind.WakePartition,
            GrainType = string.Empty,
            GrainKey = Silo.SiloId,
            Method = string.Empty,
            Partition = Partition,
            CallId = Silo.NextCallId(),
        };
        return Silo.Transport.SendAsync(new OutboundMessage(wake, [], null, Silo.Options.CallTimeout), cancellationToken);
    }

    public async ValueTask HandleAsync(Delivery delivery)
    {
        if (_state >= PartitionState.Releasing)
        {
            delivery.Drop();
            return;
        }
        if (_state == PartitionState.Waiting && !await BecomeActiveAsync().ConfigureAwait(false))
        {
            delivery.Drop();
            return;
        }
        if (delivery.Envelope.Kind == MessageKind.WakePartition)
        {
            delivery.Ack();
            return;
        }
        Dispatch(delivery);
    }

    public void Dispatch(Delivery delivery)
    {
        if (_state >= PartitionState.Releasing)
        {
            delivery.Drop();
            return;
        }
        var envelope = delivery.Envelope;
        if (!Silo.GrainTypes.TryGet(envelope.GrainType, out var grainInterface, out var implementation))
        {
            Silo.Log.CallRejected($"{envelope.GrainType}/{envelope.GrainKey}", envelope.Method, "no grain class for this interface on this silo");
            if (envelope.Kind == MessageKind.Request)
            {
                delivery.ReplyError(new InvalidOperationException($"No grain class implements {envelope.GrainType} on silo {Silo.SiloId}."));
                delivery.Ack();
            }
            else
            {
                RuntimeMetrics.Rejected("unknown_grain_type");
                delivery.Nack(requeue: false);
            }
            return;
        }
        var grain = new GrainId(envelope.GrainType, envelope.GrainKey);
        if (!Enqueue(grain, grainInterface, implementation, new DeliveryWorkItem(delivery)))
        {
            delivery.Drop();
        }
    }

    /// <summary>Work that does not come from the broker (reminder ticks): runs only while the partition is active.</summary>
    public void DispatchLocal(GrainId grain, WorkItem item)
    {
        if (_state == PartitionState.Active && Silo.GrainTypes.TryGet(grain.Type, out var grainInterface, out var implementation))
        {
            Enqueue(grain, grainInterface, implementation, item);
        }
    }

    private bool Enqueue(GrainId grain, Invocation.GrainInterfaceInfo grainInterface, Type implementation, WorkItem item)
    {
        var spin = new SpinWait();
        while (_state < PartitionState.Releasing)
        {
            if (GetOrCreate(grain, grainInterface, implementation).TryEnqueue(item))
            {
                return true;
            }
            // That activation has just finished and is leaving the table; the next lookup creates a new one.
            spin.SpinOnce();
        }
        return false;
    }

    public void Remove(Activation activation) => _activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.GrainId, activation));

    /// <summary>Stop taking turns, deactivate every grain (they persist state), then close the channel so unacked messages go to the next owner.</summary>
    public async Task ReleaseAsync(DeactivationReasonCode reason)
    {
        if (_state >= PartitionState.Releasing)
        {
            await _released.Task.ConfigureAwait(false);
            return;
        }
        _state = PartitionState.Releasing;
        StopReminders();
        var deactivations = _activations.Values.Select(a =>
        {
            a.RequestDeactivation(new DeactivationReason(reason, $"partition {Partition} released"));
            return a.Completion;
        }).ToArray();
        var all = Task.WhenAll(deactivations);
        if (await Task.WhenAny(all, Task.Delay(Silo.Options.ReleaseTimeout, Silo.Clock)).ConfigureAwait(false) != all)
        {
            Silo.Log.LogWarning("Partition {Partition}: grains did not finish deactivating within {Timeout}; closing anyway", Partition, Silo.Options.ReleaseTimeout);
        }
        if (_subscription is not null)
        {
            await _subscription.CloseAsync().ConfigureAwait(false);
        }
        _state = PartitionState.Released;
        _released.TrySetResult();
    }

    /// <summary>The silo died or lost its broker: forget everything at once, settle nothing.</summary>
    public void Abort()
    {
        _state = PartitionState.Released;
        StopReminders();
        foreach (var activation in _activations.Values)
        {
            activation.Abort();
        }
        _released.TrySetResult();
    }

    public async Task RegisterReminderAsync(GrainId grain, string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (period < Silo.Options.MinimumReminderPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), $"Reminder periods must be at least {Silo.Options.MinimumReminderPeriod}.");
        }
        var entry = new ReminderEntry(grain, name, Partition, Silo.Clock.GetUtcNow() + dueTime, period);
        await Silo.Reminders.UpsertAsync(entry, cancellationToken).ConfigureAwait(false);
        Schedule(entry);
    }

    public async Task UnregisterReminderAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        await Silo.Reminders.DeleteAsync(grain, name, cancellationToken).ConfigureAwait(false);
        if (_reminders.TryRemove((grain, name), out var timer))
        {
            timer.Dispose();
        }
    }

    private async Task<bool> BecomeActiveAsync()
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (_state == PartitionState.Waiting)
        {
            try
            {
                var epoch = await Silo.Epochs.BumpAsync(Partition, Silo.SiloId, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Exchange(ref _epoch, epoch);
                _state = PartitionState.Active;
                Silo.Log.PartitionActive(Partition, epoch);
                await LoadRemindersAsync().ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Without a fresh epoch no grain may write; wait for the database rather than run unfenced.
                Silo.Log.LogWarning(e, "Partition {Partition}: could not take the epoch; retrying in {Delay}", Partition, delay);
                await Task.Delay(delay, Silo.Clock).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
        return _state == PartitionState.Active;
    }

    private async Task LoadRemindersAsync()
    {
        try
        {
            foreach (var entry in await Silo.Reminders.ListAsync(Partition, CancellationToken.None).ConfigureAwait(false))
            {
                Schedule(entry);
            }
        }
        catch (Exception e)
        {
            Silo.Log.LogError(e, "Partition {Partition}: could not load reminders", Partition);
        }
    }

    private void Schedule(ReminderEntry entry)
    {
        // An overdue reminder (e.g. after a failover) fires at once, then every period.
        var now = Silo.Clock.GetUtcNow();
        var due = entry.StartAt > now ? entry.StartAt - now : TimeSpan.Zero;
        var timer = Silo.Clock.CreateTimer(_ =>
        {
            var tick = new TickStatus(entry.StartAt, entry.Period, Silo.Clock.GetUtcNow());
            DispatchLocal(entry.Grain, new ReminderWorkItem(entry.Grain, entry.Name, tick));
        }, null, due, entry.Period);
        if (_reminders.TryGetValue((entry.Grain, entry.Name), out var previous))
        {
            previous.Dispose();
        }
        _reminders[(entry.Grain, entry.Name)] = timer;
    }

    private void StopReminders()
    {
        foreach (var timer in _reminders.Values)
        {
            timer.Dispose();
        }
        _reminders.Clear();
    }

    private Activation GetOrCreate(GrainId grain, Invocation.GrainInterfaceInfo grainInterface, Type implementation)
    {
        if (_activations.TryGetValue(grain, out var existing))
        {
            return existing;
        }
        var created = new Activation(grain, grainInterface, implementation, this);
        var winner = _activations.GetOrAdd(grain, created);
        winner.Start();
        return winner;
    }
}
