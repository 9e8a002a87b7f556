using IngestionCluster.Gateway.Mqtt.Client;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>
/// Leader mode: runs this gateway's subscriber only while the gateway holds the bridge's lease. Every gateway tries to
/// take the lease each quarter of <see cref="MqttOptions.PeerTimeout"/>; the holder renews it and subscribes under the
/// broker session all gateways share, the others stand by. A leader gives the subscription up when another gateway holds
/// the lease, or when it could not renew for half the lease's lifetime (Redis out of reach): by the time the lease lapses
/// and a standby connects under the same client id, this one has disconnected, so the two never take the session from
/// each other in turns. The broker keeps the session's messages meanwhile, in order.
/// </summary>
internal sealed class BridgeLeadership(MqttOptions options, BridgeLease lease, MqttSubscriber subscriber, ILogger logger, TimeProvider time)
    : IAsyncDisposable
{
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;
    private volatile bool _leading;
    private long _confirmedAt;
    private string? _knownHolder;
    private bool _outageLogged;

    /// <summary>True while this gateway holds the lease and runs the subscriber.</summary>
    public bool Leading => _leading;

    private string Self => options.GatewayName;

    private TimeSpan Interval => options.PeerTimeout / 4;

    private TimeSpan StepDownAfter => options.PeerTimeout / 2;

    public Task StartAsync()
    {
        if (_stop is not null)
        {
            throw new InvalidOperationException("the bridge leadership is already started");
        }
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops taking and renewing the lease, then disconnects the subscriber (the broker keeps the session) and gives the lease
    /// up, so a standby takes over at its next try. The caller drains the bridge first.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await subscriber.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_leading)
        {
            _leading = false;
            try
            {
                await lease.ReleaseAsync(Self).WaitAsync(Interval, cancellationToken).ConfigureAwait(false);
                MqttGroupLog.HandedOver(logger, Self);
            }
            catch (Exception ex)
            {
                // The lease lapses by itself after its lifetime.
                MqttGroupLog.LeaseFailed(logger, Self, ex.Message);
            }
        }
        _stop.Dispose();
        _stop = null;
    }

    public async ValueTask DisposeAsync()
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(quick.Token).ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await TickAsync(stop).ConfigureAwait(false);
            try
            {
                await Task.Delay(Interval, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task TickAsync(CancellationToken stop)
    {
        var asked = time.GetTimestamp();
        bool held;
        try
        {
            // A frozen Redis must not hold the loop past the moment this gateway has to step down.
            held = await lease.TakeOrRenewAsync(Self, options.PeerTimeout).WaitAsync(Interval, time, stop).ConfigureAwait(false);
            _outageLogged = false;
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            if (!_outageLogged)
            {
                MqttGroupLog.LeaseFailed(logger, Self, ex is TimeoutException ? $"no answer within {Interval}" : ex.Message);
                _outageLogged = true;
            }
            if (_leading && time.GetElapsedTime(_confirmedAt) >= StepDownAfter)
            {
                await StepDownAsync($"its lease could not be renewed for {time.GetElapsedTime(_confirmedAt):g}, and it lapses after {options.PeerTimeout}", stop).ConfigureAwait(false);
            }
            return;
        }
        if (held)
        {
            // Counted from the request: the lease's lifetime started no earlier than that.
            _confirmedAt = asked;
            if (!_leading)
            {
                _leading = true;
                _knownHolder = Self;
                MqttGroupLog.Leading(logger, Self, options.SubscriptionFilter, options.ClientId);
                await subscriber.StartAsync(stop).ConfigureAwait(false);
            }
            return;
        }
        if (_leading)
        {
            await StepDownAsync("another gateway holds the lease", stop).ConfigureAwait(false);
        }
        await NoteHolderAsync().ConfigureAwait(false);
    }

    private async Task StepDownAsync(string why, CancellationToken stop)
    {
        _leading = false;
        MqttGroupLog.SteppingDown(logger, Self, why);
        await subscriber.StopAsync(stop).ConfigureAwait(false);
    }

    /// <summary>Logs who leads when that changes, so an operator sees why this gateway receives nothing.</summary>
    private async Task NoteHolderAsync()
    {
        string? holder;
        try
        {
            holder = await lease.HolderAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            return; // the next take reports an outage
        }
        if (holder is not null && holder != _knownHolder)
        {
            MqttGroupLog.StandingBy(logger, Self, holder, options.PeerTimeout);
        }
        _knownHolder = holder;
    }
}
