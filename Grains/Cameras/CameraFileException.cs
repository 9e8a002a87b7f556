namespace IngestionCluster.Grains.Cameras;

/// <summary>A camera file that cannot be imported; the message names the file, the camera and the rule it breaks.</summary>
public sealed class CameraFileException(string message) : Exception(message);
