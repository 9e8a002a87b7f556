namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>The Will message a CONNECT may carry (spec 3.1.2.5 to 3.1.2.7).</summary>
public sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Message, MqttQualityOfService Qos, bool Retain);
