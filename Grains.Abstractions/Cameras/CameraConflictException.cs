using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>The request conflicts with the camera's current state (e.g. registered with another source type).</summary>
[GenerateSerializer, Alias("ic.CameraConflictException")]
public sealed class CameraConflictException(string message) : Exception(message);
