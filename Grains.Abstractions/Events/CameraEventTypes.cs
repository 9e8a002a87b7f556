namespace IngestionCluster.Grains.Abstractions.Events;

/// <summary>
/// Camera events. In cluster mode they are published on the Redis pub/sub channel
/// <c>camera:{camera_id}</c>, as the camera-ingest seed did, so its consumers keep working; standalone
/// mode uses an in-process bus. Payloads are JSON: <c>type</c>, <c>camera_id</c>, <c>timestamp</c>
/// (Unix seconds) and the event's fields (e.g. <c>reason</c>, <c>source</c>, <c>area</c>).
/// </summary>
public static class CameraEventTypes
{
    public const string Connected = "camera.connected";
    public const string Disconnected = "camera.disconnected";
    public const string FrameIngested = "frame.ingested";
    public const string MotionDetected = "motion.detected";
    public const string ImageAssembled = "image.assembled";
    public const string ImageStale = "image.stale";

    public static IReadOnlyList<string> All { get; } = [Connected, Disconnected, FrameIngested, MotionDetected, ImageAssembled, ImageStale];
}
