namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>PUBREC (spec 3.5): first QoS 2 acknowledgement.</summary>
public sealed record PubRecPacket(ushort PacketId) : MqttPacket, IPacketIdOnlyPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRec;
}
