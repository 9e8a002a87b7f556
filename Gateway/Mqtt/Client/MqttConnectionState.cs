namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Where an <see cref="MqttSubscriber"/> is in its life.</summary>
public enum MqttConnectionState
{
    Stopped,
    Connecting,
    Connected,
    WaitingToReconnect,
}
