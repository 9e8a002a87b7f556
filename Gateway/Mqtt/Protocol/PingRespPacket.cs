namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>PINGRESP (spec 3.13): the broker's answer to PINGREQ. It has no fields, so one instance serves.</summary>
public sealed record PingRespPacket : MqttPacket
{
    public static readonly PingRespPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.PingResp;
}
