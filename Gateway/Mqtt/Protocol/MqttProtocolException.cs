namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>
/// Bytes received from the peer are not a well-formed MQTT 3.1.1 packet. The decoder raises no other
/// exception for bad input; the connection that carried such bytes must be closed (spec 4.8).
/// </summary>
public sealed class MqttProtocolException : Exception
{
    public MqttProtocolException(string message)
        : base(message)
    {
    }

    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
