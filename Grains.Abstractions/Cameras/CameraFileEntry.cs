using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>
/// One camera of a camera file (the camera-ingest seed's <c>cameras.json</c>), with only what the file says: a setting
/// it leaves out takes the product's default when the camera is registered.
/// </summary>
[GenerateSerializer, Alias("ic.CameraFileEntry")]
public sealed record CameraFileEntry(
    [Id(0)] string CameraId,
    [Id(1)] CameraSourceType SourceType,
    [Id(2)] string? SourceUrl = null,
    [Id(3)] double? Fps = null,
    [Id(4)] int? BufferSize = null)
{
    public CameraRegistration ToRegistration() =>
        new(SourceType, SourceUrl, Fps ?? CameraRegistration.DefaultFps, BufferSize ?? CameraRegistration.DefaultBufferSize);
}
