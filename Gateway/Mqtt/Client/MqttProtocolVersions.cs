namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>The values of <c>Mqtt:ProtocolVersion</c>.</summary>
public static class MqttProtocolVersions
{
    public const string V5 = "5";
    public const string V311 = "3.1.1";

    public static bool IsKnown(string? value) => value is V5 or V311;
}
