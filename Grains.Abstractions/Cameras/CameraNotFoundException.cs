using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>The camera is not registered.</summary>
[GenerateSerializer, Alias("ic.CameraNotFoundException")]
public sealed class CameraNotFoundException(string message) : Exception(message);
