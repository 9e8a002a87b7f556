namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>The CONNACK return codes of MQTT 3.1.1 (spec 3.2.2.3); 6 to 255 are reserved.</summary>
public enum MqttConnectReturnCode : byte
{
    Accepted = 0,
    UnacceptableProtocolVersion = 1,
    IdentifierRejected = 2,
    ServerUnavailable = 3,
    BadUserNameOrPassword = 4,
    NotAuthorized = 5,
}
