namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>UNSUBACK (spec 3.11).</summary>
public sealed record UnsubAckPacket(ushort PacketId) : MqttPacket, IPacketIdOnlyPacket
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
}
