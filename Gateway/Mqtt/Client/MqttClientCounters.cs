namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>A snapshot of <see cref="MqttClientStatistics"/>.</summary>
/// <param name="SessionsResumed">Connections on which the broker still had the session (CONNACK session present).</param>
/// <param name="Disconnects">Connections that were lost (not closed by the client).</param>
/// <param name="ReceiveWindowOverruns">Messages the broker sent beyond the Receive Maximum, held at the connection until there was room.</param>
public sealed record MqttClientCounters(
    long ConnectAttempts,
    long Connects,
    long Reconnects,
    long ConnectFailures,
    long SessionsResumed,
    long Subscribes,
    long Disconnects,
    long MessagesReceived,
    long MessagesAcknowledged,
    long ReceiveWindowOverruns,
    string? LastError);
