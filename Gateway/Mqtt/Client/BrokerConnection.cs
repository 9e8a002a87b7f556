using System.Buffers;
using IngestionCluster.ServiceDefaults.Logging;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// One MQTTnet client used for exactly one connection. A new one per connection means an
/// acknowledgement can only ever go out on the connection that delivered its message: packet
/// identifiers are reused across connections, so a late PUBACK on a newer connection could
/// acknowledge a message that was never handled.
/// </summary>
internal sealed class BrokerConnection : IDisposable
{
    private readonly CancellationTokenSource _lost = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MqttBrokerAddress _broker;
    private readonly TimeProvider _time;

    public BrokerConnection(IMqttClient client, MqttBrokerAddress broker, TimeProvider time)
    {
        Client = client;
        _broker = broker;
        _time = time;
        Lost = _lost.Token;
        client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public IMqttClient Client { get; }

    /// <summary>The bridge leadership term this connection was made under (<see cref="ReceivedMqttMessage.LeaderTerm"/>).</summary>
    public long? LeaderTerm { get; init; }

    /// <summary>Cancelled once the connection is gone (lost, refused or closed).</summary>
    public CancellationToken Lost { get; }

    /// <summary>Completes with the reason when the connection is gone.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>Connects; returns whether the broker resumed a session. A refused CONNECT throws <see cref="MqttConnectRefusedException"/> with the broker's reason.</summary>
    public async Task<bool> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        var result = await Client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            var reason = MqttFailure.Words(result.ResultCode.ToString()) + (string.IsNullOrEmpty(result.ReasonString) ? string.Empty : $": {result.ReasonString}");
            throw new MqttConnectRefusedException(reason, (int)result.ResultCode);
        }
        return result.IsSessionPresent;
    }

    /// <summary>Closes the connection with a normal DISCONNECT; the broker keeps the session (unless its expiry is 0).</summary>
    public Task DisconnectAsync(CancellationToken cancellationToken) =>
        Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken);

    /// <summary>Sends the PUBACK of <paramref name="received"/> if this connection is still up; false otherwise.</summary>
    public async Task<bool> AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs received, CancellationToken cancellationToken)
    {
        if (Lost.IsCancellationRequested)
        {
            return false;
        }
        try
        {
            await received.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception) when (Lost.IsCancellationRequested || !Client.IsConnected)
        {
            // The connection closed between the check and the send; MQTTnet fails such a send in several ways.
            return false;
        }
    }

    /// <summary>
    /// Hands one delivered message to <paramref name="handler"/>, unacknowledged. <paramref name="acknowledged"/> learns of
    /// every acknowledgement attempt: true when the PUBACK went out, false when the connection was already gone.
    /// </summary>
    public async Task DeliverAsync(MqttApplicationMessageReceivedEventArgs received, MqttMessageHandler handler, Action<string, bool> acknowledged, ILogger logger)
    {
        received.AutoAcknowledge = false;
        var topic = received.ApplicationMessage.Topic;
        var message = new ReceivedMqttMessage(topic, received.ApplicationMessage.Payload.ToArray(), received.ApplicationMessage.Dup,
            received.PacketIdentifier == 0 ? null : received.PacketIdentifier, _time.GetUtcNow(), Lost,
            async cancellationToken =>
            {
                var sent = await AcknowledgeAsync(received, cancellationToken).ConfigureAwait(false);
                acknowledged(topic, sent);
                return sent;
            }, LeaderTerm);
        try
        {
            await handler(message, Lost).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Lost.IsCancellationRequested)
        {
            // The connection closed while the handler waited; the broker delivers the message again.
        }
        catch (Exception ex)
        {
            MqttLog.HandlerFailed(logger, LogSafe.Topic(topic), ex);
        }
    }

    public void Dispose()
    {
        Client.DisconnectedAsync -= OnDisconnectedAsync;
        MarkClosed("the client closed the connection");
        Client.Dispose();
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs disconnect)
    {
        MarkClosed(MqttFailure.DescribeDisconnect(disconnect, _broker));
        return Task.CompletedTask;
    }

    private void MarkClosed(string reason)
    {
        if (_closed.TrySetResult(reason))
        {
            _lost.Cancel();
        }
    }
}
