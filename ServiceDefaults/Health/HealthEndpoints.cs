using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.ServiceDefaults.Health;

/// <summary>
/// <c>/health</c> (liveness) and <c>/health/ready</c> (readiness), both answering a JSON report of every check; and the
/// seeds' probe paths as aliases, so their orchestrators' probes keep working: <c>/health/live</c> (log-ingest),
/// <c>/live</c> and <c>/ready</c> (ThermoSense), <c>/api/health</c> (camera-ingest).
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/health";
    public const string ReadinessPath = "/health/ready";

    public static IReadOnlyList<string> LivenessPaths { get; } = [LivenessPath, "/health/live", "/live", "/api/health"];

    public static IReadOnlyList<string> ReadinessPaths { get; } = [ReadinessPath, "/ready"];

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Liveness: 200 while the process runs, at once; the body is the last background run of every check.
        foreach (var path in LivenessPaths)
        {
            endpoints.MapGet(path, AnswerLiveness);
        }
        // Readiness: runs the checks now; 503 as soon as one dependency (database, blob store, broker) is down.
        foreach (var path in ReadinessPaths)
        {
            endpoints.MapHealthChecks(path, new HealthCheckOptions
            {
                ResponseWriter = HealthResponseWriter.WriteReadinessAsync,
                Predicate = check => check.Tags.Contains(HealthTags.Ready),
            });
        }
        return endpoints;
    }

    private static Task AnswerLiveness(HttpContext context, LatestHealthReport latest)
    {
        // As MapHealthChecks does for readiness: a cached liveness answer would hide a process that stopped.
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        context.Response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        return latest.Latest is { } snapshot
            ? HealthResponseWriter.WriteLivenessAsync(context, snapshot.Report, snapshot.CheckedAt)
            : HealthResponseWriter.WriteStartingAsync(context);
    }
}
