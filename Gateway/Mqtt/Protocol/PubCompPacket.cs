namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>PUBCOMP (spec 3.7): last QoS 2 acknowledgement.</summary>
public sealed record PubCompPacket(ushort PacketId) : MqttPacket, IPacketIdOnlyPacket
{
    public override MqttPacketType Type => MqttPacketType.PubComp;
}
