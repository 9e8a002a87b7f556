namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>PINGREQ (spec 3.12): keep-alive probe from the client. It has no fields, so one instance serves.</summary>
public sealed record PingReqPacket : MqttPacket
{
    public static readonly PingReqPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.PingReq;
}
