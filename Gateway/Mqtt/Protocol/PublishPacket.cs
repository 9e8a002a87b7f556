namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>PUBLISH (spec 3.3). <see cref="PacketId"/> is 0 exactly when QoS is 0.</summary>
public sealed record PublishPacket(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQualityOfService Qos = MqttQualityOfService.AtMostOnce,
    ushort PacketId = 0,
    bool Retain = false,
    bool Duplicate = false) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;
}
