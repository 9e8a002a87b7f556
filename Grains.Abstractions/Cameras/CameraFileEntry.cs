using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>One camera of a camera file (the camera-ingest seed's <c>cameras.json</c>): its id and the registration the file gives it.</summary>
[GenerateSerializer, Alias("ic.CameraFileEntry")]
public sealed record CameraFileEntry([Id(0)] string CameraId, [Id(1)] CameraRegistration Registration);
