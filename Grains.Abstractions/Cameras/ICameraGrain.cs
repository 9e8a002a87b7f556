using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Runtime;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>One camera (key: its camera id): registration, the latest frames, motion, MQTT sessions and, for RTSP, the capture loop.</summary>
[GrainKeyLogName("camera_id")]
public interface ICameraGrain : IGrainWithStringKey
{
    /// <summary>Registers the camera; the same registration again is a no-op, a different one a <see cref="CameraConflictException"/>.</summary>
    Task<CameraInfo> Register(CameraRegistration registration);

    Task<CameraInfo> Update(CameraSettingsPatch patch);

    Task Unregister();

    Task<CameraInfo?> GetInfo();

    Task<FramePushResult> PushFrame(FrameData frame);

    Task<LatestFrame?> GetLatestFrame();

    /// <summary>An MQTT chunk; routed to the capture session it belongs to.</summary>
    [OneWay]
    Task ReceiveChunk(ImageChunk chunk);

    /// <summary>A session got a chunk that belongs to a later capture: start a new session and route it there.</summary>
    [OneWay]
    Task ChunkBounced(string sessionId, ImageChunk chunk);

    /// <summary>A session completed or went stale: the camera's next chunk starts a new session.</summary>
    [OneWay]
    Task SessionClosed(string sessionId);
}
