namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>The broker answered CONNECT with a failure reason (bad user name or password, not authorized, ...).</summary>
public sealed class MqttConnectRefusedException(string reason, int code) : Exception($"broker refused the connection: {reason} (code {code})")
{
    public int Code { get; } = code;
}
