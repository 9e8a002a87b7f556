namespace IngestionCluster.Grains.Abstractions.Cameras;

public sealed record LatestFrame(byte[] Jpeg, DateTimeOffset Timestamp, long Sequence);
