using System.Text.Json;

namespace IngestionCluster.Grains.Abstractions.Images;

/// <summary>A stored image's metadata row.</summary>
public sealed record ImageRecord(
    string ImageId,
    string CameraId,
    ImageSource Source,
    string Bucket,
    string ObjectKey,
    string Sha256,
    long SizeBytes,
    string ContentType,
    DateTimeOffset CapturedAt,
    DateTimeOffset ReceivedAt,
    int? ChunkCount,
    JsonElement? Meta,
    string? RequestId);
