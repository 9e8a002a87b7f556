namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>The spec's upper-case packet names, for messages and logs without allocating.</summary>
public static class MqttPacketTypeExtensions
{
    public static string Name(this MqttPacketType type) => type switch
    {
        MqttPacketType.Connect => "CONNECT",
        MqttPacketType.ConnAck => "CONNACK",
        MqttPacketType.Publish => "PUBLISH",
        MqttPacketType.PubAck => "PUBACK",
        MqttPacketType.PubRec => "PUBREC",
        MqttPacketType.PubRel => "PUBREL",
        MqttPacketType.PubComp => "PUBCOMP",
        MqttPacketType.Subscribe => "SUBSCRIBE",
        MqttPacketType.SubAck => "SUBACK",
        MqttPacketType.Unsubscribe => "UNSUBSCRIBE",
        MqttPacketType.UnsubAck => "UNSUBACK",
        MqttPacketType.PingReq => "PINGREQ",
        MqttPacketType.PingResp => "PINGRESP",
        MqttPacketType.Disconnect => "DISCONNECT",
        _ => "RESERVED",
    };
}
