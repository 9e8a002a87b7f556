using Orleans;

namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>
/// One MQTT chunk of an image, as cameras publish it on <c>camera/{id}/image_json</c>:
/// <c>{"id":"cam-1","index":0,"total":15,"data":"&lt;base64&gt;","image_id":"optional"}</c>.
/// <see cref="Data"/> holds the decoded bytes: the gateway decodes (and validates) the base64 once.
/// <see cref="Redelivered"/> marks a chunk that may have been handed over before: the broker set the
/// message's DUP flag, or the gateway tries a hand-off again. <see cref="DeliveryId"/> is the MQTT packet
/// identifier the broker delivered it under: every delivery of one unacknowledged message carries the same one,
/// so it tells a repeat from a new chunk that happens to hold the same bytes. <see cref="LeaderTerm"/> is the term of
/// the MQTT bridge leader that received it (leader mode only): a chunk from an older term than one the camera has seen
/// comes from a leader that was replaced, and its message may have been delivered again to the successor.
/// </summary>
[GenerateSerializer, Alias("ic.ImageChunk")]
public sealed record ImageChunk(
    [Id(0)] string CameraId,
    [Id(1)] int Index,
    [Id(2)] int Total,
    [Id(3), Immutable] byte[] Data,
    [Id(4)] string? ImageId = null,
    [Id(5)] DateTimeOffset? ReceivedAt = null,
    [Id(6)] bool Redelivered = false,
    [Id(7)] int? DeliveryId = null,
    [Id(8)] long? LeaderTerm = null);
