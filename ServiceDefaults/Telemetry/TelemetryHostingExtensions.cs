using IngestionCluster.ServiceDefaults.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// The process's OpenTelemetry pipelines. Metrics: the product's meter, Orleans', ASP.NET Core's,
/// HttpClient's, Npgsql's, the .NET runtime's and the process's, read by the Prometheus exporter
/// (<c>/metrics</c>). Traces: the product's source, Orleans' grain calls, ASP.NET Core requests,
/// HttpClient calls (S3) and Npgsql commands, so one trace runs from a request through the grains to the
/// stores. Each signal is also pushed over OTLP when <see cref="OtlpExportSettings"/> says so.
/// </summary>
/// <remarks>
/// The SDK reads the standard <c>OTEL_*</c> settings (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
/// OTEL_EXPORTER_OTLP_*, OTEL_METRIC_EXPORT_INTERVAL, OTEL_BSP_*, OTEL_TRACES_SAMPLER, …) from the host's
/// configuration, which includes the environment variables.
/// </remarks>
public static class TelemetryHostingExtensions
{
    /// <summary>The most series one process keeps of <c>ingestion_frames_total</c> (camera × source).</summary>
    public const int PerCameraSeriesLimit = 20_000;

    private const string PerCameraFramesInstrument = "ingestion_frames";

    /// <summary>The camera-ingest seed's per-camera instruments (<c>camera_ingest_frames</c>, …).</summary>
    private const string CameraIngestPrefix = "camera_ingest_";

    /// <summary>Where the Prometheus exposition is served.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Orleans' meter: activations, grain calls, messaging, membership.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>Orleans' activity sources (<c>Microsoft.Orleans.Runtime</c>, <c>Microsoft.Orleans.Application</c>, …).</summary>
    public const string OrleansActivitySources = "Microsoft.Orleans.*";

    /// <param name="serviceName">The default <c>service.name</c> (<see cref="ServiceNames"/>); OTEL_SERVICE_NAME overrides it.</param>
    public static IHostApplicationBuilder AddIngestionTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var otlp = OtlpExportSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(otlp);
        builder.Services.AddHostedService<SeedHttpMetrics>();

        // One instance id for both signals, so that the metrics and spans of this process line up.
        var instanceId = Guid.NewGuid().ToString();
        var version = typeof(TelemetryHostingExtensions).Assembly.GetName().Version?.ToString();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.Clear()
                .AddService(serviceName, serviceVersion: version, autoGenerateServiceInstanceId: false, serviceInstanceId: instanceId)
                .AddTelemetrySdk()
                // Last, so that OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the defaults above.
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(IngestionTelemetry.MeterName, OrleansMeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddOrleansInstrumentViews()
                    // The seeds' per-camera counter has a series per camera and source: room for thousands of cameras
                    // on one process, where the SDK's default of 2,000 series would fold new cameras into one overflow series.
                    .AddView(PerCameraFramesInstrument, new MetricStreamConfiguration { CardinalityLimit = PerCameraSeriesLimit })
                    .AddView(instrument => instrument.Meter.Name == IngestionTelemetry.MeterName && instrument.Name.StartsWith(CameraIngestPrefix, StringComparison.Ordinal)
                        ? new MetricStreamConfiguration { CardinalityLimit = PerCameraSeriesLimit }
                        : null)
                    // Without otel_scope_* labels, so that series keep the label sets the seeds' dashboards know.
                    .AddPrometheusExporter(options => options.ScopeInfoEnabled = false);
                if (otlp.Metrics)
                {
                    metrics.AddOtlpExporter(otlp.ConfigureMetricsExporter);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(IngestionTelemetry.ActivitySourceName, OrleansActivitySources)
                    .AddAspNetCoreInstrumentation(options => options.Filter = static context => !IsOperationsRequest(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp.Traces)
                {
                    tracing.AddOtlpExporter(otlp.ConfigureTracesExporter);
                }
            });
        return builder;
    }

    // Scrapes and probes every few seconds would bury the requests worth tracing.
    private static bool IsOperationsRequest(PathString path) =>
        path.StartsWithSegments(MetricsPath) || HealthEndpoints.LivenessPaths.Any(probe => path.StartsWithSegments(probe))
        || HealthEndpoints.ReadinessPaths.Any(probe => path.StartsWithSegments(probe));
}
