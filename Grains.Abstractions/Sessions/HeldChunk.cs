using Orleans;

namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>
/// What a capture session holds at one index: the digest of the chunk's bytes and the MQTT packet identifier it was
/// delivered under, when known. A camera's new activation recalls them to tell redeliveries from new chunks.
/// </summary>
[GenerateSerializer, Immutable, Alias("ic.HeldChunk")]
public sealed record HeldChunk([Id(0)] string Digest, [Id(1)] int? DeliveryId);
