using System.Text.Json;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Images;

/// <summary>A stored image's metadata row.</summary>
[GenerateSerializer, Alias("ic.ImageRecord")]
public sealed record ImageRecord(
    [Id(0)] string ImageId,
    [Id(1)] string CameraId,
    [Id(2)] ImageSource Source,
    [Id(3)] string Bucket,
    [Id(4)] string ObjectKey,
    [Id(5)] string Sha256,
    [Id(6)] long SizeBytes,
    [Id(7)] string ContentType,
    [Id(8)] DateTimeOffset CapturedAt,
    [Id(9)] DateTimeOffset ReceivedAt,
    [Id(10)] int? ChunkCount,
    [Id(11)] JsonElement? Meta,
    [Id(12)] string? RequestId);
