namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>An operation could not complete because its connection closed first.</summary>
public sealed class MqttConnectionClosedException : Exception
{
    public MqttConnectionClosedException(MqttDisconnectInfo info)
        : base($"MQTT connection closed ({info.Reason}): {info.Message}", info.Exception)
    {
        Info = info;
    }

    public MqttDisconnectInfo Info { get; }
}
