namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>A packet whose variable header is its packet identifier and which has no payload (PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK).</summary>
public interface IPacketIdOnlyPacket
{
    ushort PacketId { get; }
}
