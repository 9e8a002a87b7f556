using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>
/// The call does not suit the camera's source type: a frame pushed to an RTSP camera, a connect or disconnect of a
/// camera that has no stream (the camera-ingest seed answered both with a 400).
/// </summary>
[GenerateSerializer, Alias("ic.WrongSourceTypeException")]
public sealed class WrongSourceTypeException(string message) : Exception(message);
