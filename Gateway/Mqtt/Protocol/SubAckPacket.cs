namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>SUBACK (spec 3.9): one return code per topic filter of the SUBSCRIBE, in order.</summary>
public sealed record SubAckPacket(ushort PacketId, IReadOnlyList<MqttSubAckReturnCode> ReturnCodes) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.SubAck;
}
