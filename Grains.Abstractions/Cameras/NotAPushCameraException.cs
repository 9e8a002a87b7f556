using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A frame was pushed to a camera whose frames come from its RTSP stream (as the camera-ingest seed, a 400).</summary>
[GenerateSerializer, Alias("ic.NotAPushCameraException")]
public sealed class NotAPushCameraException(string message) : Exception(message);
