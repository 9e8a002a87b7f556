namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>Why a chunk was refused (also the <c>reason</c> label of the rejection counter).</summary>
public static class ChunkRejectionReason
{
    public const string IndexOutOfRange = "index_out_of_range";
    public const string TotalInvalid = "total_invalid";
    public const string TotalTooLarge = "total_too_large";
    public const string TotalChanged = "total_changed";
    /// <summary>Counted by the MQTT bridge, which decodes the base64 before a chunk reaches a grain.</summary>
    public const string InvalidBase64 = "invalid_base64";
    public const string EmptyData = "empty_data";
    public const string ImageTooLarge = "image_too_large";
    public const string InvalidImageId = "invalid_image_id";
    public const string InvalidCameraId = "invalid_camera_id";
    public const string ConflictingData = "conflicting_data";
    public const string SessionClosed = "session_closed";
    /// <summary>The camera is not registered and <c>Ingest__AutoRegisterCameras</c> is off.</summary>
    public const string UnknownCamera = "unknown_camera";
}
