using System.Text.Json;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// Body of <c>POST /api/v1/ingest/rtsp</c>: <c>source_type</c> "rtsp", <c>rtsp_url</c>, <c>camera_id</c>,
/// <c>capture_mode</c> "single_frame" | "burst" (with <c>frames</c>) | "duration" (with <c>duration_s</c>),
/// optional <c>fps</c> and <c>meta</c> (a JSON object stored with every image).
/// </summary>
public sealed record RtspCaptureRequestBody(
    string? SourceType,
    string? RtspUrl,
    string? CameraId,
    string? CaptureMode,
    int? Frames = null,
    double? DurationS = null,
    double? Fps = null,
    JsonElement? Meta = null);
