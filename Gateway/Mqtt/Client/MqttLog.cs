using IngestionCluster.Gateway.Mqtt.Protocol;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Source-generated log messages of the MQTT client. Passwords never appear in any of them.</summary>
internal static partial class MqttLog
{
    [LoggerMessage(1, LogLevel.Information, "MQTT connecting to {Broker} as {ClientId} (clean session {CleanSession})")]
    public static partial void Connecting(ILogger logger, string broker, string clientId, bool cleanSession);

    [LoggerMessage(2, LogLevel.Information, "MQTT connected to {Broker} as {ClientId} (session present {SessionPresent})")]
    public static partial void Connected(ILogger logger, string broker, string clientId, bool sessionPresent);

    [LoggerMessage(3, LogLevel.Error, "MQTT connection to {Broker} failed: {Error}; retrying in {RetryDelay} (attempt {Attempt})")]
    public static partial void ConnectFailed(ILogger logger, string broker, string error, TimeSpan retryDelay, int attempt, Exception? exception);

    [LoggerMessage(4, LogLevel.Warning, "MQTT connection to {Broker} closed ({Reason}): {Detail}")]
    public static partial void ConnectionClosed(ILogger logger, string broker, MqttDisconnectReason reason, string detail, Exception? exception);

    [LoggerMessage(5, LogLevel.Information, "MQTT connection to {Broker} closed by the client ({Reason})")]
    public static partial void ConnectionClosedByClient(ILogger logger, string broker, MqttDisconnectReason reason);

    [LoggerMessage(6, LogLevel.Information, "MQTT subscribed to {TopicFilter} (granted {GrantedQos})")]
    public static partial void Subscribed(ILogger logger, string topicFilter, MqttSubAckReturnCode grantedQos);

    [LoggerMessage(7, LogLevel.Information, "MQTT reconnecting to {Broker} in {RetryDelay}")]
    public static partial void Reconnecting(ILogger logger, string broker, TimeSpan retryDelay);

    [LoggerMessage(8, LogLevel.Error, "MQTT handler failed for message {PacketId} on {Topic}; not acknowledged, dropping the connection so that the broker redelivers it")]
    public static partial void HandlerFailed(ILogger logger, ushort packetId, string topic, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "MQTT handler failed for a QoS 0 message on {Topic}; QoS 0 is never redelivered")]
    public static partial void Qos0HandlerFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(10, LogLevel.Trace, "MQTT received {Topic} ({PayloadBytes} bytes, QoS {Qos}, packet {PacketId}, dup {Duplicate})")]
    public static partial void MessageReceived(ILogger logger, string topic, int payloadBytes, MqttQualityOfService qos, ushort packetId, bool duplicate);

    [LoggerMessage(11, LogLevel.Trace, "MQTT acknowledged packet {PacketId}")]
    public static partial void Acknowledged(ILogger logger, ushort packetId);

    [LoggerMessage(12, LogLevel.Warning, "MQTT broker sent {PacketType} for unknown packet identifier {PacketId}; ignored")]
    public static partial void UnknownPacketId(ILogger logger, MqttPacketType packetType, ushort packetId);

    [LoggerMessage(13, LogLevel.Information, "MQTT client state {Previous} -> {Current}")]
    public static partial void StateChanged(ILogger logger, MqttConnectionState previous, MqttConnectionState current);

    [LoggerMessage(14, LogLevel.Error, "MQTT state change handler threw")]
    public static partial void StateHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(15, LogLevel.Debug, "MQTT draining: PUBLISH {PacketId} on {Topic} left unacknowledged for redelivery")]
    public static partial void SkippedWhileDraining(ILogger logger, ushort packetId, string topic);

    [LoggerMessage(16, LogLevel.Warning, "MQTT publish on {Topic} lost with its connection; resending with DUP after reconnect")]
    public static partial void PublishRetried(ILogger logger, string topic, Exception exception);
}
