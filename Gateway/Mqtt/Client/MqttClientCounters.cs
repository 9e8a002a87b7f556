namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>A snapshot of <see cref="MqttClientStatistics"/>.</summary>
public sealed record MqttClientCounters(
    long ConnectAttempts,
    long Connects,
    long Reconnects,
    long ConnectFailures,
    long MessagesReceived,
    long MessagesAcknowledged,
    long HandlerFailures,
    long MessagesPublished,
    IReadOnlyDictionary<MqttDisconnectReason, long> Disconnects,
    string? LastError);
