using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>
/// A camera as the API shows it. <see cref="SourceUrl"/> has its credentials masked; <see cref="Silo"/> is the
/// silo hosting it now; <see cref="Stream"/> is what an RTSP camera sends, probed once its capture connected.
/// <see cref="LastFrameAt"/> is the newest frame's own timestamp (the camera's clock, for a push that sends one);
/// <see cref="LastReceivedAt"/> is when the camera took it, by the silo's clock.
/// </summary>
[GenerateSerializer, Alias("ic.CameraInfo")]
public sealed record CameraInfo(
    [Id(0)] string Id,
    [Id(1)] CameraSourceType SourceType,
    [Id(2)] string? SourceUrl,
    [Id(3)] double Fps,
    [Id(4)] int BufferSize,
    [Id(5)] MotionConfig Motion,
    [Id(6)] PersistencePolicy Persist,
    [Id(7)] DateTimeOffset CreatedAt,
    [Id(8)] DateTimeOffset UpdatedAt,
    [Id(9)] long FramesReceived,
    [Id(10)] long LastSequence,
    [Id(11)] DateTimeOffset? LastFrameAt,
    [Id(12)] int FramesBuffered,
    [Id(13)] bool MotionActive,
    [Id(14)] DateTimeOffset? LastMotionAt,
    [Id(15)] CaptureStatus Capture,
    [Id(16)] string? CaptureError,
    [Id(17)] string? CurrentSession,
    [Id(18)] string? Silo = null,
    [Id(19)] VideoStreamInfo? Stream = null,
    [Id(20)] DateTimeOffset? LastReceivedAt = null);
