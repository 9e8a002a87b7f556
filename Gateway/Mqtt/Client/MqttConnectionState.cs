namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Where a <see cref="ResilientMqttClient"/> is in its life.</summary>
public enum MqttConnectionState
{
    Stopped,
    Connecting,
    Connected,
    WaitingToReconnect,
}
