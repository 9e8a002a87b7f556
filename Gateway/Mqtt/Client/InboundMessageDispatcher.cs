using System.Threading.Channels;
using IngestionCluster.Gateway.Mqtt.Protocol;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Runs the message handler for received PUBLISH packets, up to <c>maxInFlight</c> at once, and sends
/// each QoS 1 PUBACK only after its handler succeeded and every earlier QoS 1 PUBLISH has been
/// acknowledged: acknowledgements leave in receive order (spec 4.6) even when handlers finish out of
/// order. A failed handler stops the acknowledgements and closes the connection, so the broker
/// redelivers the failed message and every later unacknowledged one.
/// </summary>
internal sealed class InboundMessageDispatcher
{
    private static readonly TimeSpan _flushBeforeCloseTimeout = TimeSpan.FromSeconds(2);

    private readonly Channel<PendingAck> _acks = Channel.CreateUnbounded<PendingAck>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly MqttMessageHandler? _handler;
    private readonly SemaphoreSlim _slots;
    private readonly int _maxInFlight;
    private readonly OutboundPacketQueue _outbound;
    private readonly Action<MqttDisconnectInfo> _close;
    private readonly MqttClientStatistics _statistics;
    private readonly ILogger _logger;
    private readonly CancellationToken _lifetime;
    private volatile bool _draining;

    public InboundMessageDispatcher(
        MqttMessageHandler? handler,
        int maxInFlight,
        OutboundPacketQueue outbound,
        Action<MqttDisconnectInfo> close,
        MqttClientStatistics statistics,
        ILogger logger,
        CancellationToken lifetime)
    {
        _handler = handler;
        _maxInFlight = maxInFlight;
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        _outbound = outbound;
        _close = close;
        _statistics = statistics;
        _logger = logger;
        _lifetime = lifetime;
    }

    /// <summary>
    /// Starts handling <paramref name="packet"/>. Waits (so stops reading from the broker) while
    /// <c>maxInFlight</c> messages are unacknowledged.
    /// </summary>
    public async ValueTask DispatchAsync(PublishPacket packet)
    {
        await _slots.WaitAsync(_lifetime).ConfigureAwait(false);
        if (_draining)
        {
            _slots.Release();
            MqttLog.SkippedWhileDraining(_logger, packet.PacketId, packet.Topic);
            return;
        }
        _statistics.MessageReceived();
        MqttLog.MessageReceived(_logger, packet.Topic, packet.Payload.Length, packet.Qos, packet.PacketId, packet.Duplicate);
        var message = new MqttApplicationMessage(packet.Topic, packet.Payload, packet.Qos, packet.Retain, packet.Duplicate, packet.PacketId);
        var handling = StartHandler(message);
        if (packet.Qos == MqttQualityOfService.AtLeastOnce)
        {
            _acks.Writer.TryWrite(new PendingAck(message, handling));
        }
        else
        {
            _ = FinishAtMostOnceAsync(message, handling);
        }
    }

    /// <summary>Sends PUBACKs in receive order until the connection closes; stops at the first failed handler.</summary>
    public async Task RunAcknowledgementsAsync()
    {
        await foreach (var pending in _acks.Reader.ReadAllAsync(_lifetime).ConfigureAwait(false))
        {
            try
            {
                await pending.Handling.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (!_lifetime.IsCancellationRequested)
                {
                    _statistics.HandlerFailed();
                    MqttLog.HandlerFailed(_logger, pending.Message.PacketId, pending.Message.Topic, ex);
                    await FlushEarlierAcknowledgementsAsync().ConfigureAwait(false);
                    _close(new MqttDisconnectInfo(
                        MqttDisconnectReason.HandlerFailed,
                        $"handler failed for message {pending.Message.PacketId} on '{pending.Message.Topic}'; it was not acknowledged and will be redelivered",
                        ex));
                }
                return;
            }
            await _outbound.EnqueueAsync(new PubAckPacket(pending.Message.PacketId), _lifetime).ConfigureAwait(false);
            _statistics.MessageAcknowledged();
            MqttLog.Acknowledged(_logger, pending.Message.PacketId);
            _slots.Release();
        }
    }

    /// <summary>
    /// Stops starting handlers (later PUBLISH packets stay unacknowledged, for redelivery) and waits
    /// until every started one has finished and been acknowledged.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        for (var i = 0; i < _maxInFlight; i++)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lets the PUBACKs of messages before the failed one reach the broker, so only the failed one and later ones come back.</summary>
    private async Task FlushEarlierAcknowledgementsAsync()
    {
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_lifetime);
            limit.CancelAfter(_flushBeforeCloseTimeout);
            await _outbound.FlushAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or MqttConnectionClosedException)
        {
            // The connection is going down anyway.
        }
    }

    /// <summary>
    /// Invokes the handler inline, so handlers start in receive order; it runs concurrently with later
    /// messages from its first await on. A synchronous throw becomes a faulted task like an asynchronous one.
    /// </summary>
    private Task StartHandler(MqttApplicationMessage message)
    {
        if (_handler is null)
        {
            return Task.CompletedTask;
        }
        try
        {
            return _handler(message, _lifetime) ?? Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private async Task FinishAtMostOnceAsync(MqttApplicationMessage message, Task handling)
    {
        try
        {
            await handling.ConfigureAwait(false);
        }
        catch (Exception ex) when (!_lifetime.IsCancellationRequested)
        {
            // QoS 0 has no acknowledgement, so dropping the connection would not bring the message back.
            _statistics.HandlerFailed();
            MqttLog.Qos0HandlerFailed(_logger, message.Topic, ex);
        }
        catch (Exception)
        {
            // The connection is closing; nothing to report.
        }
        finally
        {
            _slots.Release();
        }
    }

    private readonly record struct PendingAck(MqttApplicationMessage Message, Task Handling);
}
