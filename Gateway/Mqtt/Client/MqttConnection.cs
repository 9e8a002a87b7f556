using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using IngestionCluster.Gateway.Mqtt.Protocol;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// One MQTT 3.1.1 network connection and session handshake, from CONNECT to close. It receives QoS 0
/// and QoS 1 messages into a <see cref="MqttMessageHandler"/> (PUBACK after the handler, in receive
/// order), publishes with QoS 0 or 1, subscribes, and keeps itself alive. It never reconnects: when
/// it closes, <see cref="Closed"/> completes with the reason and every pending operation fails with
/// <see cref="MqttConnectionClosedException"/>. <see cref="ResilientMqttClient"/> reconnects.
/// QoS 2 is not supported: publishing or subscribing with it is refused, and a QoS 2 flow from the
/// broker (which cannot happen with QoS 1 subscriptions) closes the connection as a protocol error.
/// </summary>
public sealed class MqttConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly MqttPacketReader _reader;
    private readonly OutboundPacketQueue _outbound;
    private readonly PendingRequestTable _requests = new();
    private readonly InboundMessageDispatcher _dispatcher;
    private readonly KeepAliveMonitor _keepAlive;
    private readonly SemaphoreSlim _publishSlots;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource<MqttDisconnectInfo> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _lastReceived;
    private MqttDisconnectInfo? _closeInfo;
    private Task _loops = Task.CompletedTask;
    private bool _started;

    private MqttConnection(Stream stream, MqttBrokerAddress broker, MqttOptions options, MqttMessageHandler? handler, MqttClientStatistics statistics, ILogger logger, TimeProvider time)
    {
        _stream = stream;
        Broker = broker;
        ClientId = options.ClientId;
        Statistics = statistics;
        _logger = logger;
        _time = time;
        _lastReceived = time.GetTimestamp();
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        _reader = new MqttPacketReader(_input, new MqttPacketDecoder(options.MaxPacketBytes), () => Interlocked.Exchange(ref _lastReceived, _time.GetTimestamp()));
        _outbound = new OutboundPacketQueue(_output, time);
        _dispatcher = new InboundMessageDispatcher(handler, options.MaxInFlight, _outbound, Close, statistics, logger, _lifetime.Token);
        _keepAlive = new KeepAliveMonitor(TimeSpan.FromSeconds(options.KeepAliveSeconds), time, _outbound, () => Interlocked.Read(ref _lastReceived), Close);
        _publishSlots = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
    }

    /// <summary>The broker this connection talks to.</summary>
    public MqttBrokerAddress Broker { get; }

    public string ClientId { get; }

    /// <summary>Counters of this connection (shared with the other connections of a <see cref="ResilientMqttClient"/>).</summary>
    public MqttClientStatistics Statistics { get; }

    /// <summary>CONNACK's session-present flag: the broker resumed a persistent session.</summary>
    public bool SessionPresent { get; private set; }

    /// <summary>Completes once, when the connection has closed, with the reason.</summary>
    public Task<MqttDisconnectInfo> Closed => _closed.Task;

    public bool IsConnected => Volatile.Read(ref _closeInfo) is null;

    /// <summary>
    /// Opens the network connection, sends CONNECT and waits for CONNACK, all within
    /// <see cref="MqttOptions.ConnectTimeout"/>. A refusal raises <see cref="MqttConnectionRefusedException"/>
    /// ("broker refused the connection: bad user name or password (code 4)"); no answer raises
    /// <see cref="TimeoutException"/>. <paramref name="handler"/> may be null for a connection that
    /// only publishes (received messages are then acknowledged and dropped).
    /// </summary>
    public static Task<MqttConnection> ConnectAsync(MqttOptions options, MqttMessageHandler? handler, ILogger logger, CancellationToken cancellationToken) =>
        ConnectAsync(options, handler, logger, new MqttClientStatistics(), TimeProvider.System, cancellationToken);

    internal static async Task<MqttConnection> ConnectAsync(
        MqttOptions options, MqttMessageHandler? handler, ILogger logger, MqttClientStatistics statistics, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            throw new InvalidOperationException("Mqtt:BrokerUrl is not set");
        }
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("invalid MQTT options: " + string.Join("; ", errors), nameof(options));
        }
        var broker = MqttBrokerAddress.Parse(options.BrokerUrl);
        var trust = MqttTrustAnchors.Load(options.CaFile);
        MqttLog.Connecting(logger, broker.ToString(), options.ClientId, options.CleanSession);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        MqttConnection? connection = null;
        try
        {
            var stream = await MqttTransport.OpenAsync(broker, trust, timeout.Token).ConfigureAwait(false);
            connection = new MqttConnection(stream, broker, options, handler, statistics, logger, time);
            await connection.HandshakeAsync(options, timeout.Token).ConfigureAwait(false);
            connection.Start();
            MqttLog.Connected(logger, broker.ToString(), options.ClientId, connection.SessionPresent);
            return connection;
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            if (ex is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no CONNACK from {broker} within {options.ConnectTimeout.TotalSeconds:0.#} s", ex);
            }
            throw;
        }
    }

    /// <summary>
    /// Subscribes to one topic filter (<c>$share/{group}/{filter}</c> for a shared subscription) and
    /// returns the granted QoS. A 0x80 SUBACK raises <see cref="MqttSubscriptionRejectedException"/>.
    /// </summary>
    public async Task<MqttSubAckReturnCode> SubscribeAsync(string topicFilter, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, CancellationToken cancellationToken = default)
    {
        if (MqttTopic.ValidateFilter(topicFilter) is { } error)
        {
            throw new ArgumentException(error, nameof(topicFilter));
        }
        RequireQos0Or1(qos);
        MqttUtf8.ByteCountForSending(topicFilter, nameof(topicFilter));
        var ack = (SubAckPacket)await RequestAsync(
            MqttPacketType.SubAck, id => new SubscribePacket(id, [new MqttTopicSubscription(topicFilter, qos)]), cancellationToken).ConfigureAwait(false);
        if (ack.ReturnCodes.Count != 1)
        {
            var violation = new MqttProtocolException($"SUBACK for one topic filter carries {ack.ReturnCodes.Count} return codes");
            Close(new MqttDisconnectInfo(MqttDisconnectReason.ProtocolError, violation.Message, violation));
            throw violation;
        }
        var code = ack.ReturnCodes[0];
        if (code == MqttSubAckReturnCode.Failure)
        {
            throw new MqttSubscriptionRejectedException(topicFilter);
        }
        MqttLog.Subscribed(_logger, topicFilter, code);
        return code;
    }

    /// <summary>Removes a subscription made with the same filter string.</summary>
    public async Task UnsubscribeAsync(string topicFilter, CancellationToken cancellationToken = default)
    {
        if (MqttTopic.ValidateFilter(topicFilter) is { } error)
        {
            throw new ArgumentException(error, nameof(topicFilter));
        }
        MqttUtf8.ByteCountForSending(topicFilter, nameof(topicFilter));
        await RequestAsync(MqttPacketType.UnsubAck, id => new UnsubscribePacket(id, [topicFilter]), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes a message. QoS 0 completes once the message is queued for sending; QoS 1 completes when
    /// the broker's PUBACK arrives (at most <see cref="MqttOptions.MaxInFlight"/> await theirs at once).
    /// </summary>
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, bool retain = false, CancellationToken cancellationToken = default) =>
        PublishAsync(topic, payload, qos, retain, duplicate: false, cancellationToken);

    internal async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain, bool duplicate, CancellationToken cancellationToken)
    {
        if (MqttTopic.ValidateName(topic) is { } error)
        {
            throw new ArgumentException(error, nameof(topic));
        }
        RequireQos0Or1(qos);
        var topicBytes = MqttUtf8.ByteCountForSending(topic, nameof(topic));
        if (4L + topicBytes + payload.Length > MqttRemainingLength.MaxValue)
        {
            throw new ArgumentException($"payload of {payload.Length} bytes does not fit in one MQTT packet", nameof(payload));
        }
        if (qos == MqttQualityOfService.AtMostOnce)
        {
            await EnqueueAsync(new PublishPacket(topic, payload, qos, 0, retain), cancellationToken).ConfigureAwait(false);
            Statistics.MessagePublished();
            return;
        }
        await _publishSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RequestAsync(MqttPacketType.PubAck, id => new PublishPacket(topic, payload, qos, id, retain, duplicate), cancellationToken).ConfigureAwait(false);
            Statistics.MessagePublished();
        }
        finally
        {
            _publishSlots.Release();
        }
    }

    /// <summary>
    /// Closes cleanly: stops starting handlers (messages that arrive meanwhile stay unacknowledged and
    /// are redelivered later), waits for running handlers and their PUBACKs, sends DISCONNECT and closes
    /// the socket. If <paramref name="cancellationToken"/> fires first, the socket is closed without DISCONNECT.
    /// </summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (!IsConnected)
        {
            await _loops.ConfigureAwait(false);
            return;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        try
        {
            await _dispatcher.DrainAsync(linked.Token).ConfigureAwait(false);
            await _outbound.SendAsync(DisconnectPacket.Instance, linked.Token).ConfigureAwait(false);
            Close(new MqttDisconnectInfo(MqttDisconnectReason.ClientDisconnected, "the client sent DISCONNECT"));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or MqttConnectionClosedException)
        {
            Close(new MqttDisconnectInfo(MqttDisconnectReason.ClientAborted, "disconnect did not finish in time; closed without DISCONNECT", ex));
        }
        await _loops.ConfigureAwait(false);
    }

    /// <summary>Closes the socket at once if still open (no DISCONNECT) and releases resources.</summary>
    public async ValueTask DisposeAsync()
    {
        Close(new MqttDisconnectInfo(MqttDisconnectReason.ClientAborted, "the connection was disposed"));
        await _loops.ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
        // With an exception the writer drops unflushed bytes instead of writing them to the closed stream.
        await _output.CompleteAsync(ClosedError()).ConfigureAwait(false);
        _lifetime.Dispose();
        _publishSlots.Dispose();
    }

    private static void RequireQos0Or1(MqttQualityOfService qos)
    {
        if (qos is not (MqttQualityOfService.AtMostOnce or MqttQualityOfService.AtLeastOnce))
        {
            throw new ArgumentException($"QoS {(byte)qos} is not supported by this client; use QoS 0 or 1", nameof(qos));
        }
    }

    private async Task HandshakeAsync(MqttOptions options, CancellationToken cancellationToken)
    {
        var connect = new ConnectPacket(
            options.ClientId,
            options.CleanSession,
            (ushort)options.KeepAliveSeconds,
            string.IsNullOrEmpty(options.User) ? null : options.User,
            // The cast matters: a null byte[] would become an empty, non-null password.
            string.IsNullOrEmpty(options.Password) ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(options.Password));
        MqttPacketEncoder.Encode(connect, _output);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var answer = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        switch (answer)
        {
            case null:
                throw new IOException($"{Broker} closed the connection before answering CONNECT");
            case ConnAckPacket { ReturnCode: MqttConnectReturnCode.Accepted } accepted:
                SessionPresent = accepted.SessionPresent;
                return;
            case ConnAckPacket refused:
                throw new MqttConnectionRefusedException(refused.ReturnCode);
            default:
                throw new MqttProtocolException($"expected CONNACK as the broker's first packet, got {answer.Type.Name()}");
        }
    }

    private void Start()
    {
        _started = true;
        _loops = Task.WhenAll(
            Task.Run(RunReadLoopAsync),
            Task.Run(RunWriteLoopAsync),
            Task.Run(RunAcknowledgementLoopAsync),
            Task.Run(RunKeepAliveLoopAsync));
    }

    private async Task<MqttPacket> RequestAsync(MqttPacketType responseType, Func<ushort, MqttPacket> build, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        var (packetId, response) = _requests.Register(responseType);
        try
        {
            await EnqueueAsync(build(packetId), cancellationToken).ConfigureAwait(false);
            return await response.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _requests.Forget(packetId);
            throw;
        }
    }

    private async Task EnqueueAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        try
        {
            await _outbound.EnqueueAsync(packet, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw ClosedError();
        }
    }

    private void ThrowIfClosed()
    {
        if (!IsConnected)
        {
            throw ClosedError();
        }
    }

    private MqttConnectionClosedException ClosedError() =>
        new(Volatile.Read(ref _closeInfo) ?? new MqttDisconnectInfo(MqttDisconnectReason.ConnectionLost, "the connection is closing"));

    private void Close(MqttDisconnectInfo info)
    {
        if (Interlocked.CompareExchange(ref _closeInfo, info, null) is not null)
        {
            return;
        }
        _outbound.Complete();
        _requests.FailAll(ClosedError());
        _lifetime.Cancel();
        _stream.Dispose();
        if (!_started)
        {
            // The handshake failed; ConnectAsync's caller gets the exception.
        }
        else if (info.Reason is MqttDisconnectReason.ClientDisconnected or MqttDisconnectReason.ClientAborted)
        {
            MqttLog.ConnectionClosedByClient(_logger, Broker.ToString(), info.Reason);
        }
        else
        {
            MqttLog.ConnectionClosed(_logger, Broker.ToString(), info.Reason, info.Message, info.Exception);
        }
        _closed.TrySetResult(info);
    }

    private async Task RunReadLoopAsync()
    {
        try
        {
            while (await _reader.ReadAsync(_lifetime.Token).ConfigureAwait(false) is { } packet)
            {
                await HandleAsync(packet).ConfigureAwait(false);
            }
            Close(new MqttDisconnectInfo(MqttDisconnectReason.ConnectionLost, "the broker closed the connection"));
        }
        catch (MqttProtocolException ex)
        {
            Close(new MqttDisconnectInfo(MqttDisconnectReason.ProtocolError, ex.Message, ex));
        }
        catch (Exception ex)
        {
            CloseAfterFailure(ex, "receiving");
        }
    }

    private async Task RunWriteLoopAsync()
    {
        try
        {
            await _outbound.RunAsync(ClosedError, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CloseAfterFailure(ex, "sending");
        }
    }

    private async Task RunAcknowledgementLoopAsync()
    {
        try
        {
            await _dispatcher.RunAcknowledgementsAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CloseAfterFailure(ex, "acknowledging");
        }
    }

    private async Task RunKeepAliveLoopAsync()
    {
        try
        {
            await _keepAlive.RunAsync(_lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CloseAfterFailure(ex, "keeping alive");
        }
    }

    private void CloseAfterFailure(Exception ex, string activity)
    {
        if (_lifetime.IsCancellationRequested || ex is ChannelClosedException)
        {
            return; // already closing: the error is a consequence, not the cause
        }
        Close(new MqttDisconnectInfo(MqttDisconnectReason.ConnectionLost, $"network error while {activity}: {ex.Message}", ex));
    }

    private async ValueTask HandleAsync(MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket { Qos: MqttQualityOfService.ExactlyOnce }:
                throw new MqttProtocolException("broker sent a QoS 2 PUBLISH although this client subscribes with at most QoS 1; QoS 2 is not supported");
            case PublishPacket publish:
                await _dispatcher.DispatchAsync(publish).ConfigureAwait(false);
                break;
            case PubAckPacket ack:
                Complete(ack.PacketId, ack);
                break;
            case SubAckPacket ack:
                Complete(ack.PacketId, ack);
                break;
            case UnsubAckPacket ack:
                Complete(ack.PacketId, ack);
                break;
            case PingRespPacket:
                break;
            case PubRecPacket or PubRelPacket or PubCompPacket:
                throw new MqttProtocolException($"broker sent {packet.Type.Name()}, a QoS 2 step; this client never uses QoS 2");
            default:
                throw new MqttProtocolException($"broker sent {packet.Type.Name()}, which a client never receives");
        }
    }

    private void Complete(ushort packetId, MqttPacket response)
    {
        if (!_requests.TryComplete(packetId, response))
        {
            MqttLog.UnknownPacketId(_logger, response.Type, packetId);
        }
    }
}
