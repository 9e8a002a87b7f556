using Orleans;

namespace IngestionCluster.Grains.Cameras;

/// <summary>A frame of a camera's continuous RTSP capture, on its way from the loop into the grain.</summary>
[GenerateSerializer, Alias("ic.CaptureFrame")]
public sealed record CaptureFrame([Id(0), Immutable] byte[] Jpeg, [Id(1)] DateTimeOffset ReceivedAt);
