using System.Collections.Concurrent;
using IngestionCluster.Gateway.Mqtt.Client;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>
/// Keeps a gateway's place in its MQTT shared group and looks after the places of dead members. A broker keeps a
/// disconnected member's persistent session, and goes on queueing that member's share of the group's messages
/// there (Mosquitto does) until the member comes back. So every gateway renews a heartbeat in Redis, and a member
/// whose heartbeat stays missing for <see cref="MqttOptions.PeerTimeout"/> is adopted by one live gateway: it
/// handles what the broker holds for the member and ends the member's session (<see cref="AdoptedSession"/>).
/// A member that comes back joins the group again with its next heartbeat and subscription.
/// </summary>
internal sealed class PeerSessionAdopter(
    MqttOptions options, MqttGroupRoster roster, MqttMessageHandler handler, MqttClientStatistics statistics, ILogger logger, TimeProvider time)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Adoption> _adoptions = new();
    private readonly PeriodicLoop _loop = new("group membership", options.PeerTimeout / 4, time, logger);
    private long? _reachableSince;
    private bool _outageLogged;

    private string Self => options.ClientId;

    /// <summary>Long enough for a large backlog; an adoption that still has unacknowledged messages then is retried from scratch.</summary>
    private TimeSpan AdoptionLimit => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(2).Ticks, options.PeerTimeout.Ticks * 6));

    public Task StartAsync()
    {
        _loop.Start(TickAsync, OnTickFailedAsync);
        return Task.CompletedTask;
    }

    /// <summary>Hands adopted sessions back as they are and withdraws this gateway's heartbeat, so that a peer adopts its session promptly.</summary>
    public async Task StopAsync()
    {
        if (!await _loop.StopAsync().ConfigureAwait(false))
        {
            return;
        }
        await Task.WhenAll(_adoptions.Values.Select(adoption => adoption.Running)).ConfigureAwait(false);
        try
        {
            await roster.LeaveAsync(Self).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            MqttGroupLog.RosterFailed(logger, options.SharedGroup!, ex.Message);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private Task OnTickFailedAsync(Exception ex, CancellationToken stop)
    {
        // Once per outage: the store's own health check and logs tell the rest.
        if (!_outageLogged)
        {
            MqttGroupLog.RosterFailed(logger, options.SharedGroup!, ex.Message);
            _outageLogged = true;
        }
        _reachableSince = null;
        return Task.CompletedTask;
    }

    private async Task TickAsync(CancellationToken stop)
    {
        await roster.HeartbeatAsync(Self, options.PeerTimeout).ConfigureAwait(false);
        _outageLogged = false;
        _reachableSince ??= time.GetTimestamp();
        var absent = await roster.AbsentAsync(Self).ConfigureAwait(false);
        foreach (var (member, adoption) in _adoptions)
        {
            if (!absent.Contains(member) || !await roster.AdopterOf(member).RenewAsync(Self, options.PeerTimeout).ConfigureAwait(false))
            {
                // The member is back (its connection takes the session over anyway), or another gateway holds the claim now.
                adoption.Cancel();
            }
        }
        // After Redis was out of reach every heartbeat may have expired meanwhile: give live peers a full period to renew theirs.
        if (time.GetElapsedTime(_reachableSince.Value) < options.PeerTimeout)
        {
            return;
        }
        foreach (var member in absent)
        {
            if (!_adoptions.ContainsKey(member) && await roster.AdopterOf(member).TakeAsync(Self, options.PeerTimeout).ConfigureAwait(false))
            {
                MqttGroupLog.Adopting(logger, member, options.SharedGroup!, options.PeerTimeout);
                var adoption = new Adoption(CancellationTokenSource.CreateLinkedTokenSource(stop));
                // Listed before it runs, so that its end always finds it to remove.
                _adoptions[member] = adoption;
                adoption.Running = Task.Run(() => AdoptAsync(member, adoption.Cancellation), CancellationToken.None);
            }
        }
    }

    private async Task AdoptAsync(string member, CancellationTokenSource cancel)
    {
        var session = new AdoptedSession(options.ForClient(member, cleanStart: false), handler, statistics, logger, time);
        try
        {
            if (await session.RunAsync(AdoptionLimit, cancel.Token).ConfigureAwait(false))
            {
                await roster.ForgetAsync(member).ConfigureAwait(false);
                MqttGroupMetrics.Adopted(MqttGroupMetrics.Ended);
                MqttGroupLog.Ended(logger, member, session.Delivered);
            }
            else
            {
                MqttGroupMetrics.Adopted(MqttGroupMetrics.HandedBack);
                MqttGroupLog.HandedBack(logger, member, session.Delivered, "its connection closed, or not every message was acknowledged in time");
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            MqttGroupMetrics.Adopted(MqttGroupMetrics.HandedBack);
            MqttGroupLog.HandedBack(logger, member, session.Delivered, "this gateway stops, the member is back, or another gateway holds the claim");
        }
        catch (Exception ex)
        {
            MqttGroupMetrics.Adopted(MqttGroupMetrics.Failed);
            MqttGroupLog.AdoptionFailed(logger, member, session.Describe(ex));
        }
        finally
        {
            _adoptions.TryRemove(member, out _);
            cancel.Dispose();
            try
            {
                await roster.AdopterOf(member).ReleaseAsync(Self).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The claim expires by itself after the peer timeout.
                MqttGroupLog.RosterFailed(logger, options.SharedGroup!, ex.Message);
            }
        }
    }

    /// <summary>One running adoption and the way to stop it.</summary>
    private sealed class Adoption(CancellationTokenSource cancellation)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task Running { get; set; } = Task.CompletedTask;

        public void Cancel()
        {
            try
            {
                Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It ended meanwhile.
            }
        }
    }
}
