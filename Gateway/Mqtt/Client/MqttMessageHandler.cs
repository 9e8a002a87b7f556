namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Takes one delivered message. It is called for one message at a time, in arrival order, so it should
/// only queue the message and return; it acknowledges later with <see cref="ReceivedMqttMessage.AcknowledgeAsync"/>.
/// Nothing is acknowledged for it otherwise. The token is cancelled when the connection closes.
/// </summary>
public delegate Task MqttMessageHandler(ReceivedMqttMessage message, CancellationToken cancellationToken);
