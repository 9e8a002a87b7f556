using Orleans;

namespace IngestionCluster.Grains.Abstractions.DeadLetters;

/// <summary>
/// A message that can never succeed (bad JSON, an inconsistent total, an unknown camera when
/// auto-registration is off, …): recorded with its reason, counted, and acknowledged so it never
/// wedges the subscription. One row per delivery, however often recording it is retried.
/// </summary>
/// <param name="Id">Assigned by the store; 0 when recording.</param>
/// <param name="Source">Where it came from (<c>mqtt</c>).</param>
/// <param name="Topic">The MQTT topic, when known.</param>
/// <param name="CameraId">The camera, when it could be read.</param>
/// <param name="Reason">A snake_case reason (the <c>reason</c> label of the rejection counter).</param>
/// <param name="Detail">A readable explanation.</param>
/// <param name="PayloadBytes">Size of the rejected payload.</param>
/// <param name="ReceivedAt">When the gateway received the delivery.</param>
/// <param name="Fingerprint">Identifies the delivery (<see cref="DeadLetterFingerprint"/>): recorded again, it adds no row.</param>
[GenerateSerializer, Alias("ic.DeadLetter")]
public sealed record DeadLetter(
    [Id(0)] long Id,
    [Id(1)] string Source,
    [Id(2)] string? Topic,
    [Id(3)] string? CameraId,
    [Id(4)] string Reason,
    [Id(5)] string Detail,
    [Id(6)] int PayloadBytes,
    [Id(7)] DateTimeOffset ReceivedAt,
    [Id(8)] string? Fingerprint = null);
