using IngestionCluster.Grains.Abstractions.Sessions;
using Orleans;
using Orleans.Concurrency;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>
/// One camera (key <c>camera/{camera_id}</c>, see <see cref="Ids.GrainKeys"/>): registration, the latest
/// frames, motion, MQTT sessions and, for RTSP, the capture loop.
/// </summary>
[Alias("ic.ICameraGrain")]
public interface ICameraGrain : IGrainWithStringKey
{
    /// <summary>Registers the camera; the same registration again is a no-op, a different one replaces the camera's settings.</summary>
    [Alias("Register")]
    Task<CameraInfo> Register(CameraRegistration registration);

    [Alias("Update")]
    Task<CameraInfo> Update(CameraSettingsPatch patch);

    [Alias("Unregister")]
    Task Unregister();

    [Alias("GetInfo")]
    Task<CameraInfo?> GetInfo();

    [Alias("PushFrame")]
    Task<FramePushResult> PushFrame(FrameData frame);

    [Alias("GetLatestFrame")]
    Task<LatestFrame?> GetLatestFrame();

    /// <summary>The latest frame when it is newer than <paramref name="sequence"/>, else null (a live view asking whether to send another).</summary>
    /// <exception cref="CameraNotFoundException">Not registered (any more).</exception>
    [Alias("GetLatestFrameAfter")]
    Task<LatestFrame?> GetLatestFrameAfter(long sequence);

    /// <summary>The frames in the ring buffer, oldest first, without their bytes.</summary>
    [Alias("GetBufferedFrames")]
    Task<IReadOnlyList<BufferedFrame>> GetBufferedFrames();

    /// <summary>The buffered frame with this sequence, or null when the buffer no longer (or never) held it.</summary>
    [Alias("GetBufferedFrame")]
    Task<LatestFrame?> GetBufferedFrame(long sequence);

    /// <summary>Frames and motion of the last hour, per minute.</summary>
    [Alias("GetMotionTimeline")]
    Task<MotionTimeline> GetMotionTimeline();

    /// <summary>
    /// MQTT chunks in the order the camera sent them, each routed to the capture session it belongs to; one
    /// receipt each, in the same order. Returns once the chunks are durably staged (or recorded as rejections):
    /// only then may the broker's messages be acknowledged. Consecutive chunks of one image are staged in one
    /// durable write, so a camera's burst costs one call, not one per chunk. At most
    /// <see cref="ChunkHandOffLimits.MaxChunks"/> chunks: a larger call throws <see cref="ArgumentException"/>, nothing staged.
    /// </summary>
    [Alias("ReceiveChunks")]
    Task<ChunkReceipt[]> ReceiveChunks(ImageChunk[] chunks);

    /// <summary>
    /// An MQTT image its session stored: a JPEG joins the ring buffer and motion detection, and is announced, like a
    /// pushed frame, without being stored again. One-way: the session calls from its store timer while the camera may
    /// be calling it.
    /// </summary>
    [OneWay]
    [Alias("ImageStored")]
    Task ImageStored(StoredImage image);

    /// <summary>A session went stale: the camera's next chunk starts a new session.</summary>
    [OneWay]
    [Alias("SessionClosed")]
    Task SessionClosed(string sessionId);

    /// <summary>
    /// Starts an RTSP camera's capture again after <see cref="Disconnect"/>; a capture that runs is started afresh (a
    /// reconnect now, not after its backoff), as the camera-ingest seed's connect did.
    /// </summary>
    /// <exception cref="CameraNotFoundException">Not registered.</exception>
    /// <exception cref="WrongSourceTypeException">Not an RTSP camera.</exception>
    [Alias("Connect")]
    Task<CameraInfo> Connect();

    /// <summary>
    /// Stops an RTSP camera's capture until <see cref="Connect"/> or a new registration; the camera stays registered
    /// and its frames stay. Saved, so no silo failure, reminder or capture watcher starts it again.
    /// </summary>
    /// <exception cref="CameraNotFoundException">Not registered.</exception>
    /// <exception cref="WrongSourceTypeException">Not an RTSP camera.</exception>
    [Alias("Disconnect")]
    Task<CameraInfo> Disconnect();

    /// <summary>Activates the camera, so an RTSP camera's capture runs (called by the capture watcher after a silo failure).</summary>
    [Alias("EnsureCapturing")]
    Task EnsureCapturing();
}
