using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Runtime.Transport;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Membership;

/// <summary>
/// Knows which silos are alive: every silo broadcasts a heartbeat each interval; one that misses
/// <see cref="ClusterOptions.MissedHeartbeatsLimit"/> beats in a row is dead, one that says it is
/// leaving is gone at once.
/// </summary>
internal sealed class MembershipService(string siloId, IEventBus control, ClusterOptions options, TimeProvider clock, ILogger logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, long> _lastSeen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ImmutableSortedSet<string> _live = ImmutableSortedSet.Create(StringComparer.Ordinal, siloId);
    private IAsyncDisposable? _subscription;
    private Task _loop = Task.CompletedTask;

    public IReadOnlyCollection<string> Live => _live;

    public event Action<IReadOnlyCollection<string>>? Changed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = await control.SubscribeAsync(Heartbeat.RoutingKey, OnHeartbeatAsync, cancellationToken).ConfigureAwait(false);
        await PublishAsync(Heartbeat.Active, cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => BeatAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Tell the others this silo is leaving, so they take its partitions without waiting for missed beats.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopAsync().ConfigureAwait(false);
        try
        {
            await PublishAsync(Heartbeat.Leaving, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not announce that silo {Silo} leaves", siloId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync().ConfigureAwait(false);
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private async Task StopLoopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        await _loop.ConfigureAwait(false);
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await PublishAsync(Heartbeat.Active, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Heartbeat of silo {Silo} not sent: {Error}", siloId, e.Message);
                }
                Recompute();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task PublishAsync(string state, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Heartbeat(siloId, state, clock.GetUtcNow().ToUnixTimeMilliseconds()));
        return control.PublishAsync(Heartbeat.RoutingKey, payload, cancellationToken);
    }

    private ValueTask OnHeartbeatAsync(BusEvent busEvent)
    {
        Heartbeat? heartbeat;
        try
        {
            heartbeat = JsonSerializer.Deserialize<Heartbeat>(busEvent.Payload.Span);
        }
        catch (JsonException)
        {
            return ValueTask.CompletedTask;
        }
        if (heartbeat is null || heartbeat.Silo == siloId)
        {
            return ValueTask.CompletedTask;
        }
        if (heartbeat.State == Heartbeat.Leaving)
        {
            _lastSeen.TryRemove(heartbeat.Silo, out _);
        }
        else
        {
            _lastSeen[heartbeat.Silo] = clock.GetTimestamp();
        }
        Recompute();
        return ValueTask.CompletedTask;
    }

    private void Recompute()
    {
        var now = clock.GetTimestamp();
        var deadAfter = options.HeartbeatInterval * options.MissedHeartbeatsLimit;
        var live = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        live.Add(siloId);
        foreach (var (silo, seen) in _lastSeen)
        {
            if (clock.GetElapsedTime(seen, now) <= deadAfter)
            {
                live.Add(silo);
            }
            else
            {
                _lastSeen.TryRemove(new KeyValuePair<string, long>(silo, seen));
            }
        }
        var next = live.ToImmutable();
        var previous = Interlocked.Exchange(ref _live, next);
        if (!previous.SetEquals(next))
        {
            logger.LogInformation("Membership of {Silo}: {Count} live silos [{Silos}]", siloId, next.Count, string.Join(", ", next));
            Changed?.Invoke(next);
        }
    }
}
