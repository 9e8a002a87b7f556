namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>How and why a connection ended; <see cref="Exception"/> is the cause when there was one.</summary>
public sealed record MqttDisconnectInfo(MqttDisconnectReason Reason, string Message, Exception? Exception = null);
