using IngestionCluster.Gateway.Health;
using IngestionCluster.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using IngestionCluster.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>What every process serves to operators: <c>/health</c>, <c>/health/ready</c> and <c>/metrics</c>.</summary>
public static class OperationsEndpoints
{
    /// <summary>What the operations endpoints need: problem details for errors, and health checks.</summary>
    public static WebApplicationBuilder AddOperationsServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        // A cluster-mode silo writes to the same bucket as the gateways: the same Production rule applies.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, ProductionStorageValidator>());
        return builder;
    }

    public static WebApplication MapOperationsEndpoints(this WebApplication app)
    {
        app.UseIngestionTelemetry();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Liveness: 200 while the process runs; the body still reports every dependency.
        app.MapHealthChecks("/health", new HealthCheckOptions
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
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
            Predicate = check => check.Tags.Contains(GatewayServiceExtensions.ReadinessTag),
        });
        return app;
    }
}
