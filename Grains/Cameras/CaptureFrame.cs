using Orleans;

namespace IngestionCluster.Grains.Cameras;

/// <summary>A frame of a camera's continuous RTSP capture, on its way from the loop into the grain.</summary>
/// <param name="Jpeg">The frame.</param>
/// <param name="ReceivedAt">The silo's clock on arrival.</param>
/// <param name="LoopId">The capture loop that took it (see <see cref="CameraGrain"/>): a frame of a loop since replaced is dropped.</param>
[GenerateSerializer, Alias("ic.CaptureFrame")]
public sealed record CaptureFrame([Id(0), Immutable] byte[] Jpeg, [Id(1)] DateTimeOffset ReceivedAt, [Id(2)] Guid LoopId);
