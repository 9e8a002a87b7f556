namespace IngestionCluster.Grains.Abstractions.Events;

/// <summary>
/// Camera events, published with routing key <c>camera.{cameraId}.{type}</c> (topic exchange
/// <c>{Cluster__Name}.events</c> in cluster mode). Payloads are JSON with <c>type</c>, <c>camera_id</c>,
/// <c>timestamp</c> and the event's fields.
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

    public static string RoutingKey(string cameraId, string type) => $"camera.{cameraId}.{type}";

    /// <summary>Matches every camera event.</summary>
    public const string AllPattern = "camera.#";
}
