using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// The multipart form of <c>POST /api/v1/ingest/upload</c>, for the API document (the endpoint streams the
/// sections itself): <c>camera_id</c>, optional <c>meta</c> (a JSON object as text) and one or more <c>files</c>.
/// </summary>
public sealed record UploadForm(string CameraId, IFormFileCollection Files, string? Meta = null);
