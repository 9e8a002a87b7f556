using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Source-generated log messages of the MQTT subscriber. Passwords never appear in any of them.</summary>
internal static partial class MqttLog
{
    [LoggerMessage(1, LogLevel.Information, "MQTT connecting to {Broker} as {ClientId} (MQTT {ProtocolVersion}, clean start {CleanStart})")]
    public static partial void Connecting(ILogger logger, string broker, string clientId, string protocolVersion, bool cleanStart);

    [LoggerMessage(2, LogLevel.Information, "MQTT connected to {Broker} as {ClientId} (session present {SessionPresent})")]
    public static partial void Connected(ILogger logger, string broker, string clientId, bool sessionPresent);

    [LoggerMessage(3, LogLevel.Error, "MQTT connection to {Broker} failed: {Error}; retrying in {RetryDelay} (attempt {Attempt})")]
    public static partial void ConnectFailed(ILogger logger, string broker, string error, TimeSpan retryDelay, int attempt, Exception? exception);

    [LoggerMessage(4, LogLevel.Warning, "MQTT connection to {Broker} lost: {Error}; reconnecting in {RetryDelay}")]
    public static partial void ConnectionLost(ILogger logger, string broker, string error, TimeSpan retryDelay);

    [LoggerMessage(5, LogLevel.Information, "MQTT subscribed to {TopicFilter} (granted {Granted})")]
    public static partial void Subscribed(ILogger logger, string topicFilter, string granted);

    [LoggerMessage(6, LogLevel.Information, "MQTT disconnected from {Broker}")]
    public static partial void Stopped(ILogger logger, string broker);

    [LoggerMessage(7, LogLevel.Error, "MQTT message on {Topic} could not be taken; it stays unacknowledged and comes again after a reconnect")]
    public static partial void HandlerFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(8, LogLevel.Debug, "MQTT acknowledgement on {Topic} not sent: its connection is gone, the broker delivers the message again")]
    public static partial void AcknowledgementDropped(ILogger logger, string topic);

    [LoggerMessage(9, LogLevel.Warning, "MQTT clean disconnect from {Broker} failed: {Error}")]
    public static partial void DisconnectFailed(ILogger logger, string broker, string error);

    [LoggerMessage(10, LogLevel.Warning, "MQTT broker {Broker} sent more than {WindowSize} messages that are not acknowledged yet, the Receive Maximum the gateway announced (Mosquitto before 2.0.13 does so under a backlog); the gateway reads no more from it until it has acknowledged some, so the backlog waits at the broker")]
    public static partial void ReceiveWindowOverrun(ILogger logger, string broker, int windowSize);
}
