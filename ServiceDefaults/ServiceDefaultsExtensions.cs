using IngestionCluster.ServiceDefaults.Health;
using IngestionCluster.ServiceDefaults.Hosting;
using IngestionCluster.ServiceDefaults.Logging;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.ServiceDefaults;

/// <summary>What every process (standalone silo, cluster silo, gateway) sets up the same way.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Console logging (JSON in Production), the HTTP port (<c>Http__Port</c>), OpenTelemetry metrics and traces
    /// named <paramref name="serviceName"/>, health checks and problem details.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddIngestionLogging();
        builder.UseConfiguredHttpPort();
        builder.AddIngestionTelemetry(serviceName);
        builder.Services.AddHealthChecks();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LatestHealthReport>();
        builder.Services.AddSingleton<IHealthCheckPublisher>(services => services.GetRequiredService<LatestHealthReport>());
        builder.Services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = LatestHealthReport.Period;
            // Longer than the slowest check's own limit (the blob store's 30 s): a check that times out is then
            // reported as such, rather than the whole run being abandoned with nothing published.
            options.Timeout = LatestHealthReport.RunTimeout;
        });
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// The request id, exception handling as problem details, <c>/health</c>, <c>/health/ready</c> and
    /// <c>/metrics</c>. Call it before any other middleware, so that every log line of a request (the
    /// exception handler's too) carries its id.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint(TelemetryHostingExtensions.MetricsPath);
        return app;
    }
}
