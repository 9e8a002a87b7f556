namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>SUBSCRIBE (spec 3.8): at least one topic filter.</summary>
public sealed record SubscribePacket(ushort PacketId, IReadOnlyList<MqttTopicSubscription> Subscriptions) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;
}
