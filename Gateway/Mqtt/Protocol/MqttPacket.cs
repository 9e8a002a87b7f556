namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>Base of every MQTT 3.1.1 control packet record.</summary>
public abstract record MqttPacket
{
    /// <summary>The control packet type written in the fixed header.</summary>
    public abstract MqttPacketType Type { get; }
}
