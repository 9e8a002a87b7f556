using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>Body of <c>POST /api/cameras</c>; only <c>id</c> and <c>source_type</c> are required.</summary>
public sealed record CreateCameraRequest(
    string? Id,
    CameraSourceType? SourceType,
    string? SourceUrl,
    double? Fps,
    int? BufferSize,
    MotionConfig? Motion,
    PersistencePolicy? Persist);
