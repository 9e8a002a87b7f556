using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>
/// Adds the telemetry foundation to a web host: OpenTelemetry metrics and traces (with OTLP export when
/// configured), process metrics, HTTP request metrics and spans, and the Prometheus <c>/metrics</c> endpoint.
/// </summary>
public static class TelemetryHostingExtensions
{
    /// <summary>Default <c>service.name</c> of the gateway process.</summary>
    public const string GatewayServiceName = "ingestion-gateway";

    /// <summary>Default <c>service.name</c> of the silo process.</summary>
    public const string SiloServiceName = "ingestion-silo";

    /// <summary>Where the Prometheus exposition is served.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Registers the OpenTelemetry pipelines as a singleton that the container disposes (flushing
    /// exports) on shutdown. Idempotent: the first call decides the service name, so a process that
    /// wants its own name calls this before <c>AddGatewayServices</c>.
    /// </summary>
    public static WebApplicationBuilder AddIngestionTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        if (builder.Services.Any(static descriptor => descriptor.ServiceType == typeof(TelemetryProviders)))
        {
            return builder;
        }
        builder.Services.AddSingleton(services =>
            TelemetryProviders.Create(serviceName, services.GetRequiredService<IConfiguration>()));
        return builder;
    }

    /// <summary>
    /// Starts the pipelines, adds the HTTP metrics and tracing middleware, and maps
    /// <c>GET <paramref name="metricsPath"/></c>. Call it before any other middleware so that the
    /// request metrics see the final status code of every request.
    /// </summary>
    public static WebApplication UseIngestionTelemetry(this WebApplication app, string metricsPath = MetricsPath)
    {
        // Resolved now rather than on the first scrape, so measurements are recorded from the start.
        var providers = app.Services.GetService<TelemetryProviders>()
            ?? throw new InvalidOperationException(
                $"Call {nameof(AddIngestionTelemetry)} on the builder before {nameof(UseIngestionTelemetry)}.");
        app.UseMiddleware<HttpMetricsMiddleware>();
        app.MapPrometheusScrapeEndpoint(metricsPath, providers.Scraper);
        return app;
    }
}
