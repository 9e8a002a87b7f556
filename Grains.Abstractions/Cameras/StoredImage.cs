using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>An image a capture session assembled from MQTT chunks and stored (blob written, row committed), as its camera gets it.</summary>
[GenerateSerializer, Alias("ic.StoredImage")]
public sealed record StoredImage(
    [Id(0), Immutable] byte[] Bytes,
    [Id(1)] string ImageId,
    [Id(2)] string ContentType,
    [Id(3)] DateTimeOffset CapturedAt);
