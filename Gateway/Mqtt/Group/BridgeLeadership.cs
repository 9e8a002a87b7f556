using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Storage.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>
/// Leader mode: runs this gateway's subscriber only while the gateway holds the bridge's lease. Every gateway tries to
/// take the lease each quarter of <see cref="MqttOptions.PeerTimeout"/>; the holder renews it and subscribes under the
/// broker session all gateways share, the others stand by. The subscriber connects (and reconnects) only while the lease
/// was confirmed within half its lifetime, and the leader gives the subscription up when another gateway holds the lease
/// or when it could not renew for that long: by the time the lease lapses and a standby connects under the same client
/// id, this one has disconnected and will not connect again. A leader that cannot reach the broker for a whole lease
/// lifetime lets go too, and waits half a lifetime before it tries again, so that a standby that can reach it takes over.
/// Each leadership has a term (a fencing token taken with the lease) that the chunks it hands over carry: a leader paused
/// past its lease may still hand over chunks its successor got again from the broker, and their camera tells them by it.
/// </summary>
internal sealed class BridgeLeadership : IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly RedisLease _lease;
    private readonly MqttSubscriber _subscriber;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _self;
    private readonly PeriodicLoop _loop;
    private long _term;
    private volatile bool _leading;
    private volatile bool _stopping;
    private long _confirmedAt;
    private long? _disconnectedSince;
    private long? _holdOffUntil;
    private string? _knownHolder;
    private bool _outageLogged;

    public BridgeLeadership(MqttOptions options, RedisLease lease, MqttSubscriber subscriber, ILogger logger, TimeProvider time)
    {
        _options = options;
        _lease = lease;
        _subscriber = subscriber;
        _logger = logger;
        _time = time;
        // The process's own id beside the name: an earlier process of this gateway, or a clone under the same name, is another holder.
        _self = $"{options.GatewayName}/{Guid.NewGuid():N}";
        _loop = new PeriodicLoop("bridge leadership", Interval, time, logger);
        subscriber.MayConnect = MayConnect;
        subscriber.LeaderTerm = () => Interlocked.Read(ref _term) is var term and > 0 ? term : null;
    }

    /// <summary>
    /// Connecting is allowed while the lease is fresh, and after a lost connection only once the lease was confirmed again: the
    /// connection may have been taken over by a gateway that holds the lease now.
    /// </summary>
    private bool MayConnect()
    {
        var confirmedAt = Volatile.Read(ref _confirmedAt);
        return _leading && _time.GetElapsedTime(confirmedAt) < StepDownAfter && confirmedAt > _subscriber.LastConnectionLostAt;
    }

    /// <summary>True while this gateway holds the lease and runs the subscriber.</summary>
    public bool Leading => _leading;

    private TimeSpan Interval => _options.PeerTimeout / 4;

    private TimeSpan StepDownAfter => _options.PeerTimeout / 2;

    /// <summary>
    /// How long a leader that let go because it could not reach the broker waits before it tries again: every standby tries
    /// to take the lease within one interval, so two give each its turn, and a gateway that is alone gets the broker back soon.
    /// </summary>
    private TimeSpan HoldOff => 2 * Interval;

    public Task StartAsync()
    {
        _loop.Start(TickAsync, OnTickFailedAsync);
        return Task.CompletedTask;
    }

    /// <summary>The gateway is stopping: a standby no longer takes the lease (a leader keeps it while it drains).</summary>
    public void BeginStopping() => _stopping = true;

    /// <summary>
    /// Stops taking and renewing the lease, then disconnects the subscriber (the broker keeps the session) and gives the lease
    /// up, so a standby takes over at its next try. The caller drains the bridge first.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (!await _loop.StopAsync().ConfigureAwait(false))
        {
            return;
        }
        await _subscriber.StopAsync(cancellationToken).ConfigureAwait(false);
        // Also when not leading: a take that was on its way when the stop began may have won the lease. Redis releases only this process's.
        _leading = false;
        await ReleaseAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(quick.Token).ConfigureAwait(false);
    }

    private async Task OnTickFailedAsync(Exception ex, CancellationToken stop)
    {
        // A leader whose keeper failed must not go on subscribing on a lease that may lapse meanwhile.
        MqttGroupLog.LeaseFailed(_logger, _self, ex.Message);
        if (_leading)
        {
            await StepDownAsync($"its lease keeper failed: {ex.Message}", stop).ConfigureAwait(false);
        }
    }

    private async Task TickAsync(CancellationToken stop)
    {
        if (!_leading && (_stopping || _holdOffUntil is { } until && _time.GetTimestamp() < until))
        {
            return;
        }
        var asked = _time.GetTimestamp();
        bool held;
        try
        {
            // A frozen Redis must not hold the loop past the moment this gateway has to step down.
            held = await _lease.TakeOrRenewAsync(_self, _options.PeerTimeout).WaitAsync(Interval, _time, stop).ConfigureAwait(false);
            _outageLogged = false;
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            if (!_outageLogged)
            {
                MqttGroupLog.LeaseFailed(_logger, _self, ex is TimeoutException ? $"no answer within {Interval}" : ex.Message);
                _outageLogged = true;
            }
            if (_leading && _time.GetElapsedTime(_confirmedAt) >= StepDownAfter)
            {
                await StepDownAsync($"its lease could not be renewed for {_time.GetElapsedTime(_confirmedAt):g}, and it lapses after {_options.PeerTimeout}", stop).ConfigureAwait(false);
            }
            return;
        }
        if (!held)
        {
            if (_leading)
            {
                await StepDownAsync("another gateway holds the lease", stop).ConfigureAwait(false);
            }
            await NoteHolderAsync(stop).ConfigureAwait(false);
            return;
        }
        // Counted from the request: the lease's lifetime started no earlier than that.
        Volatile.Write(ref _confirmedAt, asked);
        if (!_leading)
        {
            // Before the subscriber connects: the chunks it receives carry a term later than any earlier leader's.
            if (await TakeTermAsync(stop).ConfigureAwait(false) is not { } term)
            {
                return;
            }
            Interlocked.Exchange(ref _term, term);
            _leading = true;
            _disconnectedSince = null;
            _knownHolder = _self;
            MqttGroupLog.Leading(_logger, _self, _options.SubscriptionFilter, _options.ClientId);
            await _subscriber.StartAsync(stop).ConfigureAwait(false);
            return;
        }
        await LetGoIfBrokerOutOfReachAsync(stop).ConfigureAwait(false);
    }

    /// <summary>
    /// The new leadership's term. Null when Redis did not answer: the next tick, which renews the lease, asks again. 0 (none)
    /// when Redis refuses the script (an ACL, a proxy), as the bridge must lead all the same.
    /// </summary>
    private async Task<long?> TakeTermAsync(CancellationToken stop)
    {
        try
        {
            return await _lease.FencingTokenAsync().WaitAsync(Interval, _time, stop).ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            MqttGroupLog.LeadingWithoutTerm(_logger, _self, ex.Message);
            return 0;
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            MqttGroupLog.LeaseFailed(_logger, _self, "its term could not be taken: " + (ex is TimeoutException ? $"no answer within {Interval}" : ex.Message));
            return null;
        }
    }

    /// <summary>A leader that has not been connected for a whole lease lifetime gives a standby that may reach the broker its turn.</summary>
    private async Task LetGoIfBrokerOutOfReachAsync(CancellationToken stop)
    {
        if (_subscriber.State == MqttConnectionState.Connected)
        {
            _disconnectedSince = null;
            return;
        }
        _disconnectedSince ??= _time.GetTimestamp();
        if (_time.GetElapsedTime(_disconnectedSince.Value) < _options.PeerTimeout)
        {
            return;
        }
        await StepDownAsync($"it has not reached the broker for {_options.PeerTimeout}; it lets the other gateways try for {HoldOff} first", stop).ConfigureAwait(false);
        await ReleaseAsync().ConfigureAwait(false);
        _holdOffUntil = _time.GetTimestamp() + (long)(HoldOff.TotalSeconds * _time.TimestampFrequency);
    }

    private async Task StepDownAsync(string why, CancellationToken stop)
    {
        _leading = false;
        MqttGroupLog.SteppingDown(_logger, _self, why);
        await _subscriber.StopAsync(stop).ConfigureAwait(false);
    }

    private async Task ReleaseAsync()
    {
        try
        {
            // Its own short limit: the host's stop token may be spent by the drain already.
            if (await _lease.ReleaseAsync(_self).WaitAsync(Interval, _time).ConfigureAwait(false))
            {
                MqttGroupLog.HandedOver(_logger, _self);
            }
        }
        catch (Exception ex)
        {
            // The lease lapses by itself after its lifetime.
            MqttGroupLog.LeaseFailed(_logger, _self, ex.Message);
        }
    }

    /// <summary>Logs who leads when that changes, so an operator sees why this gateway receives nothing.</summary>
    private async Task NoteHolderAsync(CancellationToken stop)
    {
        var holder = await _lease.HolderAsync().WaitAsync(Interval, _time, stop).ConfigureAwait(false);
        if (holder is not null && holder != _knownHolder)
        {
            MqttGroupLog.StandingBy(_logger, _self, holder, _options.PeerTimeout);
        }
        _knownHolder = holder;
    }
}
