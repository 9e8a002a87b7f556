using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.ServiceDefaults.Health;

/// <summary><c>/health</c> (liveness) and <c>/health/ready</c> (readiness), both answering a JSON report of every check.</summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/health";
    public const string ReadinessPath = "/health/ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Liveness: 200 while the process runs; the body still reports every dependency.
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status200OK,
            },
        });
        // Readiness: 503 as soon as one dependency (database, blob store, broker) is down.
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
        });
        return endpoints;
    }
}
