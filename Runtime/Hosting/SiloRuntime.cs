using System.Diagnostics;
using System.Globalization;
using IngestionCluster.Runtime.Activations;
using IngestionCluster.Runtime.Database;
using IngestionCluster.Runtime.Identity;
using IngestionCluster.Runtime.Invocation;
using IngestionCluster.Runtime.Membership;
using IngestionCluster.Runtime.Messaging;
using IngestionCluster.Runtime.Partitions;
using IngestionCluster.Runtime.State;
using IngestionCluster.Runtime.Telemetry;
using IngestionCluster.Runtime.Transport;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>
/// One silo: it hosts grain activations for the partitions it owns, keeps membership, and offers a
/// grain factory. Start it, stop it gracefully (partitions are handed over), or kill it (tests).
/// </summary>
public sealed class SiloRuntime : IDeadLetterReader, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _callIdPrefix;
    private long _callCounter;
    private Task _ownershipLoop = Task.CompletedTask;
    private Task _collectorLoop = Task.CompletedTask;
    private int _state; // 0 new, 1 started, 2 stopped
    private readonly Lock _stopGate = new();
    private Task? _stop;

    internal SiloRuntime(
        ClusterOptions options,
        IMessageTransport transport,
        RuntimeDatabase database,
        GrainTypeRegistry grainTypes,
        RuntimeSerializer serializer,
        IServiceProvider services,
        ILoggerFactory loggerFactory,
        TimeProvider clock)
    {
        options.Validate();
        Options = options;
        SiloId = options.ResolveSiloId();
        options.SiloId = SiloId;
        Transport = transport;
        Database = database;
        GrainTypes = grainTypes;
        Clock = clock;
        Log = loggerFactory.CreateLogger("IngestionCluster.Runtime.Silo");
        _callIdPrefix = SiloId + ":";
        var stateStore = new GrainStateStore(database, clock);
        Activator = new GrainActivator(services, stateStore, serializer);
        Epochs = new PartitionEpochStore(database, clock);
        Reminders = new ReminderStore(database);
        PartitionMap = new PartitionMap(options.Partitions);
        GrainFactory = new GrainFactory(new GrainCallInvoker(transport, PartitionMap, options.CallTimeout, clock, NextCallId, ActiveLocalPartition));
        Membership = new MembershipService(SiloId, transport.Control, options, clock, loggerFactory.CreateLogger("IngestionCluster.Runtime.Membership"));
        Ownership = new PartitionOwnershipManager(this);
        Membership.Changed += _ => Ownership.Poke();
        transport.ConnectionLost += OnConnectionLost;
    }

    public string SiloId { get; }

    public IGrainFactory GrainFactory { get; }

    /// <summary>Application events (camera events and the like).</summary>
    public IEventBus Events => Transport.Events;

    public ClusterOptions Options { get; }

    /// <summary>Partitions this silo is the active consumer of.</summary>
    public IReadOnlyCollection<int> ActivePartitions =>
        Ownership.Agents.Values.Where(a => a.State == PartitionState.Active).Select(a => a.Partition).OrderBy(p => p).ToArray();

    /// <summary>Partitions this silo has claimed (active or waiting for the previous owner to let go).</summary>
    public IReadOnlyCollection<int> ClaimedPartitions => Ownership.Agents.Keys.OrderBy(p => p).ToArray();

    public int ActivationCount => Ownership.Agents.Values.Sum(a => a.ActivationCount);

    /// <summary>Messages this silo's grains hold unacknowledged until their effect is durable.</summary>
    public int DeferredAcknowledgements => Ownership.Agents.Values.Sum(a => a.Activations.Sum(activation => activation.DeferredCount));

    /// <summary>Work items waiting in the mailboxes of this silo's activations.</summary>
    public int MailboxDepth => Ownership.Agents.Values.Sum(a => a.Activations.Sum(activation => activation.QueuedCount));

    public IReadOnlyCollection<string> LiveSilos => Membership.Live;

    public string TransportName => Transport.Name;

    internal IMessageTransport Transport { get; }

    internal RuntimeDatabase Database { get; }

    internal GrainTypeRegistry GrainTypes { get; }

    internal TimeProvider Clock { get; }

    internal ILogger Log { get; }

    internal GrainActivator Activator { get; }

    internal PartitionEpochStore Epochs { get; }

    internal ReminderStore Reminders { get; }

    internal PartitionMap PartitionMap { get; }

    internal MembershipService Membership { get; }

    internal PartitionOwnershipManager Ownership { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            return;
        }
        await SchemaMigrator.ApplyAsync(Database, RuntimeSchema.Component, RuntimeSchema.Migrations, Log, cancellationToken).ConfigureAwait(false);
        await Transport.StartAsync(cancellationToken).ConfigureAwait(false);
        await Membership.StartAsync(cancellationToken).ConfigureAwait(false);
        _ownershipLoop = Task.Run(() => Ownership.RunAsync(_stopping.Token), CancellationToken.None);
        _collectorLoop = Task.Run(() => CollectIdleAsync(_stopping.Token), CancellationToken.None);
        RuntimeMetrics.Track(this);
        Log.LogInformation("Silo {Silo} started: {Transport} transport, {Partitions} partitions, database {Database}",
            SiloId, Transport.Name, Options.Partitions, Database.Description);
    }

    /// <summary>Waits until this silo is the active consumer of every partition it should own (tests, start-up probes).</summary>
    public async Task WaitUntilStableAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Clock.GetUtcNow() + timeout;
        while (Clock.GetUtcNow() < deadline)
        {
            var live = Membership.Live;
            var owned = Enumerable.Range(0, Options.Partitions).Where(p => RendezvousHash.OwnerOf(p, live) == SiloId).ToHashSet();
            if (owned.SetEquals(ActivePartitions))
            {
                return;
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"Silo {SiloId} did not settle its partitions within {timeout}.");
    }

    /// <summary>
    /// Graceful stop: announce leaving, hand every partition over (grains deactivate and persist), close the
    /// transport. Callers that come while a stop runs (the host and the container may both stop a silo) wait for it.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopGate)
        {
            if (_stop is null && Interlocked.CompareExchange(ref _state, 2, 1) == 1)
            {
                _stop = StopCoreAsync(cancellationToken);
            }
            return _stop ?? Task.CompletedTask;
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        await Membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _ownershipLoop.ConfigureAwait(false);
        await _collectorLoop.ConfigureAwait(false);
        await Ownership.ReleaseAllAsync().ConfigureAwait(false);
        await Membership.DisposeAsync().ConfigureAwait(false);
        await Transport.DisposeAsync().ConfigureAwait(false);
        RuntimeMetrics.Untrack(this);
        Log.LogInformation("Silo {Silo} stopped", SiloId);
    }

    /// <summary>Simulates a crash: the broker connection drops, nothing is deactivated or acknowledged.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }
        _stopping.Cancel();
        Transport.ConnectionLost -= OnConnectionLost;
        // Silent: no leave message, no more heartbeats, so the others notice only by missed beats.
        _ = Membership.DisposeAsync().AsTask();
        Ownership.AbortAll();
        Transport.Abort();
        RuntimeMetrics.Untrack(this);
        Log.LogWarning("Silo {Silo} killed", SiloId);
    }

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int max, CancellationToken cancellationToken) =>
        Transport.ListDeadLettersAsync(max, cancellationToken);

    public Task CheckTransportHealthAsync(CancellationToken cancellationToken) => Transport.CheckHealthAsync(cancellationToken);

    public Task CheckDatabaseHealthAsync(CancellationToken cancellationToken) => Database.CheckHealthAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>The agent of a partition this silo is the active consumer of, for in-process calls.</summary>
    internal PartitionAgent? ActiveLocalPartition(int partition) =>
        Ownership.Agents.TryGetValue(partition, out var agent) && agent.State == PartitionState.Active ? agent : null;

    internal string NextCallId() =>
        _callIdPrefix + Interlocked.Increment(ref _callCounter).ToString("x", CultureInfo.InvariantCulture);

    internal Activity? StartTurnActivity(CallEnvelope envelope, GrainId grain)
    {
        if (!IngestionTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }
        ActivityContext.TryParse(envelope.TraceParent, envelope.TraceState, isRemote: true, out var parent);
        var activity = IngestionTelemetry.ActivitySource.StartActivity($"grain {ShortType(grain.Type)}.{envelope.Method}", ActivityKind.Server, parent);
        activity?.SetTag("grain.type", grain.Type);
        activity?.SetTag("grain.key", grain.Key);
        activity?.SetTag("silo.id", SiloId);
        return activity;
    }

    private static string ShortType(string wireName) => wireName[(wireName.LastIndexOf('.') + 1)..];

    private void OnConnectionLost(string reason)
    {
        Log.LogWarning("Silo {Silo} lost its broker connection ({Reason}); dropping all partitions until it reconnects", SiloId, reason);
        Ownership.AbortAll();
    }

    private async Task CollectIdleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.CollectionInterval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    foreach (var activation in Ownership.Agents.Values.SelectMany(a => a.Activations))
                    {
                        if (activation.IsIdle(Options.IdleDeactivationAge))
                        {
                            activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.IdleCollected, $"idle for {Options.IdleDeactivationAge}"));
                        }
                    }
                }
                catch (Exception e)
                {
                    Log.LogError(e, "Idle collection pass failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
