using IngestionCluster.Grains.Abstractions.Images;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>Named MQTT images whose chunks are still arriving, newest first, with their progress.</summary>
public sealed record ReceivingImageListResponse(IReadOnlyList<ImageProgress> Images);
