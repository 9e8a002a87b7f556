namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>The camera is not registered.</summary>
public sealed class CameraNotFoundException(string message) : Exception(message);
