using Orleans;
using IngestionCluster.Storage.Blobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Apis;

/// <summary>The services most endpoints use, bound with <c>[AsParameters]</c> (resolved per request).</summary>
internal sealed record GatewayServices(
    [FromServices] IGrainFactory Grains,
    [FromServices] IBlobStore Blobs,
    [FromServices] TimeProvider Clock,
    [FromServices] ILoggerFactory LoggerFactory)
{
    public ILogger Logger(string area) => LoggerFactory.CreateLogger($"IngestionCluster.Gateway.Apis.{area}");
}
