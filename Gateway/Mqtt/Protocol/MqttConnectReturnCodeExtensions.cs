namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>Human-readable text for CONNACK return codes, worded after the spec's table 3.1.</summary>
public static class MqttConnectReturnCodeExtensions
{
    public static string Describe(this MqttConnectReturnCode code) => code switch
    {
        MqttConnectReturnCode.Accepted => "connection accepted",
        MqttConnectReturnCode.UnacceptableProtocolVersion => "unacceptable protocol version (the broker does not speak MQTT 3.1.1)",
        MqttConnectReturnCode.IdentifierRejected => "client identifier rejected",
        MqttConnectReturnCode.ServerUnavailable => "server unavailable",
        MqttConnectReturnCode.BadUserNameOrPassword => "bad user name or password",
        MqttConnectReturnCode.NotAuthorized => "not authorized",
        _ => "unknown return code",
    };
}
