using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>The broker answered CONNECT with a non-zero CONNACK return code.</summary>
public sealed class MqttConnectionRefusedException : Exception
{
    public MqttConnectionRefusedException(MqttConnectReturnCode returnCode)
        : base($"broker refused the connection: {returnCode.Describe()} (code {(byte)returnCode})")
    {
        ReturnCode = returnCode;
    }

    public MqttConnectReturnCode ReturnCode { get; }
}
