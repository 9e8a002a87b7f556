using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>The <c>GET /metrics</c> endpoint: one scrape in the Prometheus text format per request.</summary>
internal static class PrometheusEndpoint
{
    public static IEndpointConventionBuilder MapPrometheusScrapeEndpoint(
        this IEndpointRouteBuilder endpoints, string path, PrometheusScraper scraper) =>
        endpoints.MapGet(path, (HttpContext context) => WriteScrapeAsync(context, scraper))
            .ExcludeFromDescription();

    private static async Task WriteScrapeAsync(HttpContext context, PrometheusScraper scraper)
    {
        var body = await scraper.ScrapeAsync(context.RequestAborted);
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (body is null)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("metrics collection failed or timed out\n", context.RequestAborted);
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = PrometheusScraper.ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
