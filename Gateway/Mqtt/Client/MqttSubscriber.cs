using IngestionCluster.ServiceDefaults.Logging;
using IngestionCluster.ServiceDefaults.Resilience;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Keeps one QoS 1 subscription alive on MQTTnet, which has no reconnecting client of its own: connects in
/// the background, subscribes on every connection, and after any failure (network loss, broker restart,
/// unanswered keep-alive ping, refused CONNECT such as a wrong password) logs the cause and tries again with <see cref="ExponentialBackoff"/>. Messages are
/// handed over unacknowledged (<c>AutoAcknowledge = false</c>); their handler acknowledges each one when it
/// is safe. With <see cref="MqttOptions.CleanStart"/> false the broker keeps the session, so whatever was
/// published meanwhile or delivered without acknowledgement arrives after reconnecting.
/// </summary>
public sealed class MqttSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan _stableConnection = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan _closedAtOnce = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _mayConnectPoll = TimeSpan.FromMilliseconds(200);
    private readonly MqttOptions _options;
    private readonly string _filter;
    private readonly MqttMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ExponentialBackoff _backoff;
    private readonly MqttBrokerAddress _broker;
    private readonly MqttTrustAnchors _trust;
    private readonly MqttClientOptions _clientOptions;
    private readonly MqttClientFactory _factory = new();
    private readonly ReceiveWindowAdapterFactory _connections;
    private volatile TaskCompletionSource _connected = NewConnectedSource();
    private CancellationTokenSource? _stop;
    private Task<BrokerConnection?> _loop = Task.FromResult<BrokerConnection?>(null);
    private volatile MqttConnectionState _state = MqttConnectionState.Stopped;
    private long _lastConnectionLostAt;

    public MqttSubscriber(MqttOptions options, string topicFilter, MqttMessageHandler handler, ILogger<MqttSubscriber> logger, TimeProvider? time = null)
    {
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("invalid MQTT options: " + string.Join("; ", errors), nameof(options));
        }
        _options = options;
        _filter = topicFilter;
        _handler = handler;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _backoff = new ExponentialBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay);
        _broker = MqttBrokerAddress.Parse(options.BrokerUrl);
        _trust = MqttTrustAnchors.Load(options.CaFile);
        _clientOptions = MqttClientOptionsFactory.Create(options, _broker, _trust);
        _connections = new ReceiveWindowAdapterFactory(options.ReceiveMaximum, Statistics, logger, _broker);
    }

    public string ClientId => _options.ClientId;

    public MqttConnectionState State => _state;

    /// <summary>
    /// Asked before every connection attempt (reconnects included); while it answers false the subscriber waits. Leader
    /// mode lets the subscriber connect only while this gateway's lease is fresh, so a gateway that lost its lease never
    /// takes the shared session back from the new leader.
    /// </summary>
    internal Func<bool>? MayConnect { get; set; }

    /// <summary>Asked as each connection is made: the leadership term its messages carry (leader mode).</summary>
    internal Func<long?>? LeaderTerm { get; set; }

    /// <summary>When the last connection closed (a <see cref="TimeProvider"/> timestamp; 0 before any).</summary>
    internal long LastConnectionLostAt => Interlocked.Read(ref _lastConnectionLostAt);

    /// <summary>Counters across all connections of this subscriber.</summary>
    public MqttClientStatistics Statistics { get; } = new();

    /// <summary>Starts connecting in the background; returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_stop is not null)
        {
            throw new InvalidOperationException("the MQTT subscriber is already started");
        }
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Waits until connected and subscribed (returns at once if so).</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default) =>
        _connected.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Stops reconnecting and closes the connection with a DISCONNECT, so the broker keeps the session.
    /// Messages not acknowledged by then are delivered again on the next connection of this client id.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stop is null)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        using var connection = await _loop.ConfigureAwait(false);
        if (connection is not null)
        {
            try
            {
                await connection.DisconnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Out of time or already broken: closing the socket (dispose) is all that is left to do.
                MqttLog.DisconnectFailed(_logger, _broker.ToString(), ex.Message);
            }
            MqttLog.Stopped(_logger, _broker.ToString());
        }
        _stop.Dispose();
        _stop = null;
        _connected = NewConnectedSource();
        _state = MqttConnectionState.Stopped;
    }

    public async ValueTask DisposeAsync()
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(quick.Token).ConfigureAwait(false);
    }

    private static TaskCompletionSource NewConnectedSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The reconnect loop; returns the live connection when stopped while connected.</summary>
    private async Task<BrokerConnection?> RunAsync(CancellationToken stop)
    {
        var attempt = 0;
        var everConnected = false;
        while (!stop.IsCancellationRequested)
        {
            while (MayConnect is { } mayConnect && !mayConnect())
            {
                _state = MqttConnectionState.WaitingToReconnect;
                if (!await DelayAsync(_mayConnectPoll, stop).ConfigureAwait(false))
                {
                    return null;
                }
            }
            _state = MqttConnectionState.Connecting;
            var connection = new BrokerConnection(_factory.CreateMqttClient(_connections), _broker, _time) { LeaderTerm = LeaderTerm?.Invoke() };
            connection.Client.ApplicationMessageReceivedAsync += received => OnReceivedAsync(connection, received);
            bool sessionPresent;
            var attemptStarted = _time.GetTimestamp();
            try
            {
                Statistics.ConnectAttempted();
                sessionPresent = await ConnectAndSubscribeAsync(connection, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                connection.Dispose();
                return null;
            }
            catch (Exception ex)
            {
                connection.Dispose();
                var error = MqttFailure.DescribeConnectFailure(ex, _broker, _trust, _options.ConnectTimeout, _time.GetElapsedTime(attemptStarted));
                Statistics.ConnectFailed(error);
                var delay = _backoff.Delay(attempt++);
                MqttLog.ConnectFailed(_logger, _broker.ToString(), error, delay, attempt, MqttFailure.IsExpected(ex) ? null : ex);
                _state = MqttConnectionState.WaitingToReconnect;
                if (!await DelayAsync(delay, stop).ConfigureAwait(false))
                {
                    return null;
                }
                continue;
            }

            var connectedAt = _time.GetTimestamp();
            Statistics.Connected(isReconnect: everConnected, sessionPresent);
            everConnected = true;
            _state = MqttConnectionState.Connected;
            var connected = _connected;
            connected.TrySetResult();
            MqttLog.Connected(_logger, _broker.ToString(), _options.ClientId, sessionPresent);
            string reason;
            try
            {
                reason = await connection.Closed.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return connection; // StopAsync disconnects it cleanly
            }
            _connected = NewConnectedSource();
            _state = MqttConnectionState.WaitingToReconnect;
            Interlocked.Exchange(ref _lastConnectionLostAt, _time.GetTimestamp());
            connection.Dispose();
            Statistics.Disconnected(reason);
            var lasted = _time.GetElapsedTime(connectedAt);
            if (lasted >= _stableConnection)
            {
                attempt = 0;
            }
            else if (lasted < _closedAtOnce)
            {
                // Mosquitto closes a connection taken over by another client without saying why.
                reason += "; it closed right after connecting, as when another client connects with the same Mqtt__ClientId";
            }
            // Connections that keep dropping soon after they were made back off like failed attempts, rather than
            // reconnecting at the first delay each time (two processes with one client id would take turns forever).
            var retry = _backoff.Delay(attempt++);
            MqttLog.ConnectionLost(_logger, _broker.ToString(), reason, retry);
            if (!await DelayAsync(retry, stop).ConfigureAwait(false))
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>Connects and subscribes; returns whether the broker resumed the session.</summary>
    private async Task<bool> ConnectAndSubscribeAsync(BrokerConnection connection, CancellationToken stop)
    {
        MqttLog.Connecting(_logger, _broker.ToString(), _options.ClientId, _options.ProtocolVersion, _options.CleanStart);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(_options.ConnectTimeout);
        var sessionPresent = await connection.ConnectAsync(_clientOptions, deadline.Token).ConfigureAwait(false);
        // Also on a resumed session: Mqtt:Topic or Mqtt:SharedGroup may have changed, and a peer gateway that adopted
        // this session while this one was away unsubscribed it (PeerSessionAdopter). Subscribing again replaces the
        // subscription and keeps what the session holds.
        await SubscribeAsync(connection, deadline.Token).ConfigureAwait(false);
        return sessionPresent;
    }

    private async Task SubscribeAsync(BrokerConnection connection, CancellationToken cancellationToken)
    {
        var subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_filter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await connection.Client.SubscribeAsync(subscription, cancellationToken).ConfigureAwait(false);
        var granted = result.Items.Single().ResultCode;
        if (granted is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
        {
            throw new MqttSubscriptionRejectedException(_filter, $"{MqttFailure.Words(granted.ToString())} (code {(int)granted})");
        }
        Statistics.Subscribed();
        MqttLog.Subscribed(_logger, _filter, $"QoS {(int)granted}");
    }

    private Task OnReceivedAsync(BrokerConnection connection, MqttApplicationMessageReceivedEventArgs received)
    {
        Statistics.MessageReceived();
        return connection.DeliverAsync(received, _handler, OnAcknowledged, _logger);
    }

    private void OnAcknowledged(string topic, bool sent)
    {
        if (sent)
        {
            Statistics.MessageAcknowledged();
        }
        else
        {
            MqttLog.AcknowledgementDropped(_logger, LogSafe.Topic(topic));
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
