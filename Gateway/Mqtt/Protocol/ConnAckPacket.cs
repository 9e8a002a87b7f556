namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>CONNACK (spec 3.2).</summary>
public sealed record ConnAckPacket(bool SessionPresent, MqttConnectReturnCode ReturnCode) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;
}
