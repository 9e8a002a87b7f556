using System.Collections.Concurrent;
using System.Threading.Channels;
using IngestionCluster.Runtime.Activations;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Runtime.Identity;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Partitions;

/// <summary>
/// Keeps the partitions this silo holds equal to those rendezvous hashing assigns it over the live
/// silos: claims what it should own, releases what it should not. Runs on membership changes and on
/// every heartbeat interval (which also re-claims after a lost broker connection).
/// </summary>
internal sealed class PartitionOwnershipManager(SiloRuntime silo)
{
    private readonly ConcurrentDictionary<int, PartitionAgent> _agents = new();
    private readonly ConcurrentDictionary<int, Task> _releasing = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public IReadOnlyDictionary<int, PartitionAgent> Agents => _agents;

    public void Poke() => _signal.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (silo.Options.EffectiveSettleDelay > TimeSpan.Zero)
            {
                await Task.Delay(silo.Options.EffectiveSettleDelay, silo.Clock, cancellationToken).ConfigureAwait(false);
            }
            while (!cancellationToken.IsCancellationRequested)
            {
                await ReconcileAsync(cancellationToken).ConfigureAwait(false);
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                tick.CancelAfter(silo.Options.HeartbeatInterval);
                try
                {
                    await _signal.Reader.ReadAsync(tick.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Graceful: release every partition (grains persist state, unacked messages go to the next owner).</summary>
    public async Task ReleaseAllAsync()
    {
        var releases = _agents.Keys.Select(Release).Concat(_releasing.Values).ToArray();
        await Task.WhenAll(releases).ConfigureAwait(false);
    }

    /// <summary>The silo died or lost the broker: drop every partition at once.</summary>
    public void AbortAll()
    {
        foreach (var partition in _agents.Keys)
        {
            if (_agents.TryRemove(partition, out var agent))
            {
                agent.Abort();
            }
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var live = silo.Membership.Live;
        var claims = new List<Task>();
        for (var partition = 0; partition < silo.Options.Partitions; partition++)
        {
            var mine = RendezvousHash.OwnerOf(partition, live) == silo.SiloId;
            var held = _agents.ContainsKey(partition);
            if (mine && !held && !_releasing.ContainsKey(partition))
            {
                claims.Add(ClaimAsync(partition, cancellationToken));
            }
            else if (!mine && held)
            {
                _ = Release(partition);
            }
        }
        await Task.WhenAll(claims).ConfigureAwait(false);
    }

    private async Task ClaimAsync(int partition, CancellationToken cancellationToken)
    {
        var agent = new PartitionAgent(partition, silo);
        if (!_agents.TryAdd(partition, agent))
        {
            return;
        }
        try
        {
            await agent.ClaimAsync(cancellationToken).ConfigureAwait(false);
            silo.Log.PartitionClaimed(partition, silo.SiloId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _agents.TryRemove(new KeyValuePair<int, PartitionAgent>(partition, agent));
            agent.Abort();
            silo.Log.LogWarning("Silo {Silo} could not claim partition {Partition}: {Error}", silo.SiloId, partition, e.Message);
        }
    }

    private Task Release(int partition)
    {
        if (!_agents.TryRemove(partition, out var agent))
        {
            return _releasing.TryGetValue(partition, out var pending) ? pending : Task.CompletedTask;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _releasing[partition] = done.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await agent.ReleaseAsync(DeactivationReasonCode.PartitionReleased).ConfigureAwait(false);
                silo.Log.PartitionReleased(partition, silo.SiloId);
            }
            catch (Exception e)
            {
                silo.Log.LogError(e, "Release of partition {Partition} failed", partition);
                agent.Abort();
            }
            finally
            {
                _releasing.TryRemove(partition, out _);
                done.TrySetResult();
                Poke();
            }
        });
        return done.Task;
    }
}
