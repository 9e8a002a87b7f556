namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>A camera as the API shows it. <see cref="SourceUrl"/> has its credentials masked; <see cref="Silo"/> is the silo hosting it now.</summary>
public sealed record CameraInfo(
    string Id,
    CameraSourceType SourceType,
    string? SourceUrl,
    double Fps,
    int BufferSize,
    MotionConfig Motion,
    PersistencePolicy Persist,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long FramesReceived,
    long LastSequence,
    DateTimeOffset? LastFrameAt,
    int FramesBuffered,
    bool MotionActive,
    DateTimeOffset? LastMotionAt,
    CaptureStatus Capture,
    string? CaptureError,
    string? CurrentSession,
    string? Silo = null);
