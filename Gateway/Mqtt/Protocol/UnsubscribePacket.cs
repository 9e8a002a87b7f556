namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>UNSUBSCRIBE (spec 3.10): at least one topic filter.</summary>
public sealed record UnsubscribePacket(ushort PacketId, IReadOnlyList<string> TopicFilters) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;
}
