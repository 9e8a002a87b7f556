using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>One page of registered cameras, in id order.</summary>
public sealed record CameraListResponse(long Total, int Skip, int Limit, IReadOnlyList<CameraInfo> Cameras);
