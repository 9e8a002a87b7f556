namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Handles one delivered message. It is invoked on the connection's receive loop, in receive order,
/// and runs concurrently with the next messages from its first <c>await</c> on (up to
/// <see cref="MqttOptions.MaxInFlight"/> at once): return quickly and offload heavy CPU work. For QoS 1 the PUBACK is sent only after the returned task completes
/// successfully; if it faults, nothing is acknowledged and the connection is dropped so that the
/// broker delivers the message again. The token is cancelled when the connection closes.
/// </summary>
public delegate Task MqttMessageHandler(MqttApplicationMessage message, CancellationToken cancellationToken);
