using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// A message the broker delivered. <see cref="Payload"/> is a private copy: the handler may keep it.
/// <see cref="Duplicate"/> is the DUP flag: the broker may have delivered it before (redelivery after a
/// reconnect), so handling must be idempotent.
/// </summary>
public sealed record MqttApplicationMessage(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQualityOfService Qos,
    bool Retain,
    bool Duplicate,
    ushort PacketId);
