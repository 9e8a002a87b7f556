using System.Collections.Concurrent;
using IngestionCluster.Gateway.Mqtt.Protocol;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// An MQTT client that stays connected: it connects in the background, re-subscribes every filter
/// given to <see cref="SubscribeAsync"/> after each (re)connect, and after any failure — network loss,
/// broker restart, keep-alive timeout, refused CONNECT such as a wrong password, failed handler —
/// logs the cause and retries with <see cref="ReconnectBackoff"/>. It never throws from the
/// background loop. With <see cref="MqttOptions.CleanSession"/> false the broker keeps the session,
/// so QoS 1 messages published meanwhile, and messages whose handler failed, arrive after reconnecting.
/// </summary>
public sealed class ResilientMqttClient : IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly MqttMessageHandler? _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ReconnectBackoff _backoff;
    private readonly string _broker;
    private readonly ConcurrentDictionary<string, MqttQualityOfService> _subscriptions = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource<MqttConnection> _connected = NewConnectedSource();
    private CancellationTokenSource? _stop;
    private Task<MqttConnection?> _loop = Task.FromResult<MqttConnection?>(null);
    private volatile MqttConnectionState _state = MqttConnectionState.Stopped;

    public ResilientMqttClient(MqttOptions options, MqttMessageHandler? handler, ILogger<ResilientMqttClient> logger, TimeProvider? time = null, Random? random = null)
    {
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("invalid MQTT options: " + string.Join("; ", errors), nameof(options));
        }
        _options = options;
        _handler = handler;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _backoff = new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay, random);
        _broker = MqttBrokerAddress.Parse(options.BrokerUrl).ToString();
    }

    /// <summary>Raised on every state change, on the client's background loop; handlers must not block.</summary>
    public event EventHandler<MqttConnectionStateChangedEventArgs>? StateChanged;

    public MqttConnectionState State => _state;

    /// <summary>Counters across all connections of this client.</summary>
    public MqttClientStatistics Statistics { get; } = new();

    /// <summary>Starts connecting in the background; returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_stop is not null)
        {
            throw new InvalidOperationException("the MQTT client is already started");
        }
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Subscribes to <paramref name="topicFilter"/> now if connected, and again after every reconnect.
    /// Call it before <see cref="StartAsync"/> to have the subscription made right after the first CONNACK.
    /// </summary>
    public async Task SubscribeAsync(string topicFilter, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, CancellationToken cancellationToken = default)
    {
        if (MqttTopic.ValidateFilter(topicFilter) is { } error)
        {
            throw new ArgumentException(error, nameof(topicFilter));
        }
        _subscriptions[topicFilter] = qos;
        var current = _connected.Task;
        if (current.IsCompletedSuccessfully)
        {
            try
            {
                var connection = await current.ConfigureAwait(false);
                await connection.SubscribeAsync(topicFilter, qos, cancellationToken).ConfigureAwait(false);
            }
            catch (MqttConnectionClosedException)
            {
                // The next connection subscribes it.
            }
            catch (MqttSubscriptionRejectedException)
            {
                _subscriptions.TryRemove(topicFilter, out _);
                throw;
            }
        }
    }

    /// <summary>Waits until connected (returns at once if connected).</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default) =>
        _connected.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Publishes, waiting for a connection if there is none. A QoS 1 message whose connection is lost
    /// before its PUBACK is sent again (with DUP) on the next connection, so it arrives at least once;
    /// a QoS 0 message on a lost connection fails with <see cref="MqttConnectionClosedException"/>.
    /// </summary>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, bool retain = false, CancellationToken cancellationToken = default)
    {
        var duplicate = false;
        while (true)
        {
            var source = _connected;
            var connection = await source.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await connection.PublishAsync(topic, payload, qos, retain, duplicate, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MqttConnectionClosedException ex) when (qos == MqttQualityOfService.AtLeastOnce)
            {
                MqttLog.PublishRetried(_logger, topic, ex);
                duplicate = true;
                ForgetConnection(source);
            }
        }
    }

    /// <summary>
    /// Stops reconnecting and closes the current connection cleanly (running handlers finish and are
    /// acknowledged, then DISCONNECT); if <paramref name="cancellationToken"/> fires first it closes at once.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stop is null)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        var connection = await _loop.ConfigureAwait(false);
        if (connection is not null)
        {
            await connection.DisconnectAsync(cancellationToken).ConfigureAwait(false);
            Statistics.Disconnected(await connection.Closed.ConfigureAwait(false));
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        _stop.Dispose();
        _stop = null;
        _connected = NewConnectedSource();
        SetState(MqttConnectionState.Stopped, "stopped");
    }

    public async ValueTask DisposeAsync()
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(quick.Token).ConfigureAwait(false);
    }

    private static TaskCompletionSource<MqttConnection> NewConnectedSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whoever first sees a connection closed replaces its completed source, so waiters wait for the next one.</summary>
    private void ForgetConnection(TaskCompletionSource<MqttConnection> closed) =>
        Interlocked.CompareExchange(ref _connected, NewConnectedSource(), closed);

    /// <summary>The reconnect loop; returns the live connection when stopped while connected.</summary>
    private async Task<MqttConnection?> RunAsync(CancellationToken stop)
    {
        var attempt = 0;
        var everConnected = false;
        while (!stop.IsCancellationRequested)
        {
            SetState(MqttConnectionState.Connecting, null);
            MqttConnection? connection = null;
            HashSet<string> subscribed;
            try
            {
                Statistics.ConnectAttempted();
                connection = await MqttConnection.ConnectAsync(_options, _handler, _logger, Statistics, _time, stop).ConfigureAwait(false);
                subscribed = await SubscribeAllAsync(connection, subscribed: null, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex)
            {
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
                var error = Describe(ex);
                Statistics.ConnectFailed(error);
                var delay = _backoff.Delay(attempt);
                MqttLog.ConnectFailed(_logger, _broker, error, delay, attempt + 1, IsExpected(ex) ? null : ex);
                attempt++;
                SetState(MqttConnectionState.WaitingToReconnect, error);
                if (!await DelayAsync(delay, stop).ConfigureAwait(false))
                {
                    return null;
                }
                continue;
            }

            attempt = 0;
            Statistics.Connected(isReconnect: everConnected);
            everConnected = true;
            SetState(MqttConnectionState.Connected, null);
            var connected = _connected;
            connected.TrySetResult(connection);
            await SubscribeLateFiltersAsync(connection, subscribed, stop).ConfigureAwait(false);
            MqttDisconnectInfo info;
            try
            {
                info = await connection.Closed.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return connection; // StopAsync disconnects it cleanly
            }
            ForgetConnection(connected);
            Statistics.Disconnected(info);
            await connection.DisposeAsync().ConfigureAwait(false);
            var retry = _backoff.Delay(attempt++);
            SetState(MqttConnectionState.WaitingToReconnect, $"{info.Reason}: {info.Message}");
            MqttLog.Reconnecting(_logger, _broker, retry);
            if (!await DelayAsync(retry, stop).ConfigureAwait(false))
            {
                return null;
            }
        }
        return null;
    }

    private static string Describe(Exception ex) => ex switch
    {
        MqttConnectionRefusedException or MqttSubscriptionRejectedException or TimeoutException => ex.Message,
        MqttProtocolException => $"protocol error: {ex.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    /// <summary>Subscribes every remembered filter not in <paramref name="subscribed"/>; returns the filters it subscribed.</summary>
    private async Task<HashSet<string>> SubscribeAllAsync(MqttConnection connection, HashSet<string>? subscribed, CancellationToken stop)
    {
        subscribed ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var (filter, qos) in _subscriptions)
        {
            if (subscribed.Add(filter))
            {
                await connection.SubscribeAsync(filter, qos, stop).ConfigureAwait(false);
            }
        }
        return subscribed;
    }

    /// <summary>
    /// Subscribes filters that <see cref="SubscribeAsync"/> added while this connection was being set
    /// up (it saw no connection yet, and the first pass had already run). Subscribing one twice is harmless.
    /// </summary>
    private async Task SubscribeLateFiltersAsync(MqttConnection connection, HashSet<string> subscribed, CancellationToken stop)
    {
        try
        {
            await SubscribeAllAsync(connection, subscribed, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttConnectionClosedException or MqttSubscriptionRejectedException or OperationCanceledException)
        {
            // Closed or stopping: the next connection subscribes again. Rejected: the caller's SubscribeAsync reports it.
        }
    }

    /// <summary>Failures whose message says it all; others are logged with their stack trace.</summary>
    private static bool IsExpected(Exception ex) =>
        ex is MqttConnectionRefusedException or MqttSubscriptionRejectedException or TimeoutException
            or System.Net.Sockets.SocketException or IOException or System.Security.Authentication.AuthenticationException
            or MqttConnectionClosedException;

    private static async Task DisposeQuietlyAsync(MqttConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
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

    private void SetState(MqttConnectionState state, string? reason)
    {
        // Only the reconnect loop, or StopAsync after the loop ended, changes the state.
        var previous = _state;
        if (previous == state)
        {
            return;
        }
        _state = state;
        MqttLog.StateChanged(_logger, previous, state);
        try
        {
            StateChanged?.Invoke(this, new MqttConnectionStateChangedEventArgs(previous, state, reason));
        }
        catch (Exception ex)
        {
            MqttLog.StateHandlerFailed(_logger, ex);
        }
    }
}
