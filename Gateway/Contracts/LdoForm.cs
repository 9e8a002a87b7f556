using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// The multipart form of <c>POST /ingest/ldo</c>, for the API document: <c>metadata</c> (JSON text with
/// optional <c>ldo_id</c>, <c>sensor_data</c>, <c>context</c>, <c>prediction</c>) first, then an optional <c>video</c>.
/// </summary>
public sealed record LdoForm(string Metadata, IFormFile? Video = null);
