namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Handles one delivered message. For QoS 1 the PUBACK is sent only after the returned task completes
/// successfully; if it faults, nothing is acknowledged and the connection is dropped so that the
/// broker delivers the message again. The token is cancelled when the connection closes.
/// </summary>
public delegate Task MqttMessageHandler(MqttApplicationMessage message, CancellationToken cancellationToken);
