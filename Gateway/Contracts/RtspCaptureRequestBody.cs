using System.Text.Json;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// Body of <c>POST /api/v1/ingest/rtsp</c>: <c>source_type</c> "rtsp" (the default), <c>rtsp_url</c>, <c>camera_id</c>,
/// <c>capture_mode</c> "single_frame" (the default) | "burst" (with <c>frames</c>) | "duration" (with <c>duration_s</c>),
/// optional <c>fps</c> and <c>meta</c> (a JSON object stored with every image). The TrackShift seed's modes
/// "continuous" and "event_driven" are duration captures, its <c>capture_duration</c> their <c>duration_s</c>.
/// </summary>
public sealed record RtspCaptureRequestBody(
    string? RtspUrl,
    string? CameraId,
    string? SourceType = null,
    string? CaptureMode = null,
    int? Frames = null,
    double? DurationS = null,
    double? Fps = null,
    JsonElement? Meta = null,
    double? CaptureDuration = null);
