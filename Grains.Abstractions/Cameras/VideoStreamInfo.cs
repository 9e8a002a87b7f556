using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>What an RTSP source sends, as ffprobe reported it when the capture connected.</summary>
/// <param name="Codec">ffprobe's codec name, e.g. <c>mjpeg</c> or <c>h264</c>.</param>
/// <param name="Width">Picture width in pixels.</param>
/// <param name="Height">Picture height in pixels.</param>
/// <param name="Fps">The source's frame rate (before the capture's own fps); null when the stream does not say.</param>
[GenerateSerializer, Alias("ic.VideoStreamInfo")]
public sealed record VideoStreamInfo(
    [Id(0)] string Codec,
    [Id(1)] int Width,
    [Id(2)] int Height,
    [Id(3)] double? Fps);
