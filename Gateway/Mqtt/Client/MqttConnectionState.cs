namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Where an <see cref="MqttSubscriber"/> is in its life.</summary>
public enum MqttConnectionState
{
    Stopped,
    Connecting,
    Connected,
    WaitingToReconnect,

    /// <summary>Leader mode: another gateway holds the subscription; this one takes over when that one's lease lapses.</summary>
    Standby,
}
