using System.Text.Json;
using IngestionCluster.Gateway.Health;
using IngestionCluster.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>Everything the gateway adds to a host, shared by the Gateway process and the standalone Silo.</summary>
public static class GatewayServiceExtensions
{
    public const string LivenessTag = "live";
    public const string ReadinessTag = "ready";

    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        services.AddOpenApi("v1");
        services.AddHealthChecks();
        builder.AddIngestionTelemetry(TelemetryHostingExtensions.GatewayServiceName);
        return builder;
    }

    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.UseIngestionTelemetry();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Liveness: answers 200 while the process runs, and still reports every dependency.
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
        // Readiness: 503 as soon as one dependency is down.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint("/openapi/v1.json", "IngestionCluster API v1");
            options.DocumentTitle = "IngestionCluster API";
        });
        return app;
    }
}
