using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A camera of a camera file that was not registered, and why.</summary>
[GenerateSerializer, Alias("ic.CameraFileRefusal")]
public sealed record CameraFileRefusal([Id(0)] string CameraId, [Id(1)] string Reason);
