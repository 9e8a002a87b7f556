namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>A state change of a <see cref="ResilientMqttClient"/>; <see cref="Reason"/> says why it left Connected or failed to reach it.</summary>
public sealed class MqttConnectionStateChangedEventArgs(MqttConnectionState previous, MqttConnectionState current, string? reason) : EventArgs
{
    public MqttConnectionState Previous { get; } = previous;

    public MqttConnectionState Current { get; } = current;

    public string? Reason { get; } = reason;
}
