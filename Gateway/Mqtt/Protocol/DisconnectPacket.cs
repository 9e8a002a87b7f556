namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>DISCONNECT (spec 3.14): clean close by the client. It has no fields, so one instance serves.</summary>
public sealed record DisconnectPacket : MqttPacket
{
    public static readonly DisconnectPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.Disconnect;
}
