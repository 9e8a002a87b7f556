using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// The multipart form of <c>POST /api/ingest/push/{camera_id}</c>, for the API document: a JPEG
/// <c>frame_file</c> and an optional <c>timestamp</c> in Unix seconds (a raw image/jpeg body works too).
/// </summary>
public sealed record PushForm(IFormFile FrameFile, double? Timestamp = null);
