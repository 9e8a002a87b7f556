namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// A message the broker delivered, not yet acknowledged. <see cref="Payload"/> is a private copy.
/// <see cref="Duplicate"/> is the DUP flag: the broker may have delivered it before, so handling must be
/// idempotent; <see cref="PacketId"/> names the message among those not yet acknowledged, the same on every
/// delivery of it. The acknowledgement can only go out on the connection that delivered the message:
/// once <see cref="ConnectionLost"/> is cancelled, the broker will deliver it again instead.
/// </summary>
public sealed class ReceivedMqttMessage(
    string topic,
    ReadOnlyMemory<byte> payload,
    bool duplicate,
    int? packetId,
    DateTimeOffset receivedAt,
    CancellationToken connectionLost,
    Func<CancellationToken, Task<bool>> acknowledge,
    long? leaderTerm = null)
{
    public string Topic { get; } = topic;

    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public bool Duplicate { get; } = duplicate;

    /// <summary>The packet identifier of a QoS 1 or 2 delivery; null for QoS 0, which has none.</summary>
    public int? PacketId { get; } = packetId;

    /// <summary>When this delivery arrived: the same for every attempt to hand it over.</summary>
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>
    /// In leader mode, the term of the leadership under which the connection that delivered this message was made: each
    /// gateway that becomes the bridge's leader gets a later term than every leader before it. Null in other modes.
    /// </summary>
    public long? LeaderTerm { get; } = leaderTerm;

    /// <summary>Cancelled when the connection that delivered this message is gone.</summary>
    public CancellationToken ConnectionLost { get; } = connectionLost;

    /// <summary>
    /// Sends the acknowledgement (PUBACK). False when it could not go out because the connection is gone:
    /// the broker then delivers the message again on the next connection of this session.
    /// </summary>
    public Task<bool> AcknowledgeAsync(CancellationToken cancellationToken) => acknowledge(cancellationToken);
}
