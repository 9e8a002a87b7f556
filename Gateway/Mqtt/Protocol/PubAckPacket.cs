namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>PUBACK (spec 3.4): acknowledges a QoS 1 PUBLISH.</summary>
public sealed record PubAckPacket(ushort PacketId) : MqttPacket, IPacketIdOnlyPacket
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}
