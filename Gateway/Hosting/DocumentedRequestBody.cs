using Microsoft.OpenApi;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>
/// Endpoint metadata for an endpoint that reads its body itself (streaming multipart, raw bytes): the exact
/// request body the API document shows, since no bound parameter describes it.
/// </summary>
public sealed record DocumentedRequestBody(Func<OpenApiRequestBody> Create);
