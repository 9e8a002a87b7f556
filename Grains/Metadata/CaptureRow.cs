namespace IngestionCluster.Grains.Metadata;

/// <summary>
/// The index of MQTT images that named themselves (<c>image_id</c> in their chunks): which camera and session
/// hold them, and how far they came. It lets an image's progress be asked by its image_id alone.
/// </summary>
public sealed record CaptureRow(
    string ImageId,
    string CameraId,
    string SessionId,
    string Status,
    int Received,
    int Total,
    DateTimeOffset FirstChunkAt,
    DateTimeOffset LastChunkAt,
    string? StoredImageId);
