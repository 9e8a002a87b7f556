using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>The frames a camera's ring buffer holds now, oldest first; <see cref="BufferSize"/> is how many it can hold.</summary>
public sealed record BufferedFrameListResponse(string CameraId, int BufferSize, IReadOnlyList<BufferedFrame> Frames);
