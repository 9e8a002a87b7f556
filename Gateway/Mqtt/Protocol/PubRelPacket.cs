namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>PUBREL (spec 3.6): second QoS 2 step; its fixed header flags are 0010.</summary>
public sealed record PubRelPacket(ushort PacketId) : MqttPacket, IPacketIdOnlyPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRel;
}
