namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A JPEG frame pushed to a camera; without a timestamp the silo's clock stamps it on arrival.</summary>
public sealed record FrameData(byte[] Jpeg, DateTimeOffset? Timestamp = null);
