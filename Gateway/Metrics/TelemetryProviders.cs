using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>
/// The process's OpenTelemetry pipelines: a <see cref="MeterProvider"/> over
/// <see cref="IngestionTelemetry.Meter"/> read by the Prometheus <see cref="Scraper"/>, a
/// <see cref="TracerProvider"/> over <see cref="IngestionTelemetry.ActivitySource"/>, and OTLP export
/// of each signal only when an OTLP endpoint is configured. Disposing flushes and stops both.
/// </summary>
/// <remarks>
/// The SDK reads the standard <c>OTEL_*</c> settings (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
/// OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_HEADERS, OTEL_METRIC_EXPORT_INTERVAL, OTEL_BSP_*,
/// OTEL_TRACES_SAMPLER, …) from the configuration given here, which for a web host includes the
/// environment variables.
/// </remarks>
public sealed class TelemetryProviders : IDisposable
{
    /// <summary>Setting whose presence turns on OTLP export of metrics and traces.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Setting whose presence turns on OTLP export of metrics alone.</summary>
    public const string OtlpMetricsEndpointKey = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";

    /// <summary>Setting whose presence turns on OTLP export of traces alone.</summary>
    public const string OtlpTracesEndpointKey = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    private TelemetryProviders(
        PrometheusScraper scraper,
        MeterProvider meterProvider,
        TracerProvider tracerProvider,
        bool otlpMetricsEnabled,
        bool otlpTracesEnabled)
    {
        Scraper = scraper;
        MeterProvider = meterProvider;
        TracerProvider = tracerProvider;
        OtlpMetricsEnabled = otlpMetricsEnabled;
        OtlpTracesEnabled = otlpTracesEnabled;
    }

    /// <summary>Renders the Prometheus exposition of this provider's metrics.</summary>
    public PrometheusScraper Scraper { get; }

    /// <summary>The metrics pipeline.</summary>
    public MeterProvider MeterProvider { get; }

    /// <summary>The tracing pipeline.</summary>
    public TracerProvider TracerProvider { get; }

    /// <summary>Whether metrics are also pushed over OTLP.</summary>
    public bool OtlpMetricsEnabled { get; }

    /// <summary>Whether spans are exported over OTLP.</summary>
    public bool OtlpTracesEnabled { get; }

    /// <summary>
    /// Builds both providers. <paramref name="serviceName"/> is the default <c>service.name</c>;
    /// OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES in <paramref name="configuration"/> override it.
    /// </summary>
    public static TelemetryProviders Create(string serviceName, IConfiguration configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentNullException.ThrowIfNull(configuration);
        ProcessMetrics.EnsureRegistered();

        // One instance id for both signals, so that metrics and spans of this process line up.
        var instanceId = Guid.NewGuid().ToString();
        var version = typeof(TelemetryProviders).Assembly.GetName().Version?.ToString();
        ResourceBuilder CreateResource() => ResourceBuilder.CreateEmpty()
            .AddService(serviceName, serviceVersion: version, autoGenerateServiceInstanceId: false, serviceInstanceId: instanceId)
            .AddTelemetrySdk()
            // Added last so that OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the defaults.
            .AddEnvironmentVariableDetector();

        var otlpMetrics = IsSet(configuration, OtlpEndpointKey) || IsSet(configuration, OtlpMetricsEndpointKey);
        var otlpTraces = IsSet(configuration, OtlpEndpointKey) || IsSet(configuration, OtlpTracesEndpointKey);

        var scraper = new PrometheusScraper();
        var meterBuilder = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration))
            .SetResourceBuilder(CreateResource())
            .AddMeter(IngestionTelemetry.MeterName)
            .AddReader(scraper.Reader);
        if (otlpMetrics)
        {
            meterBuilder.AddOtlpExporter();
        }
        var meterProvider = meterBuilder.Build();

        var tracerBuilder = Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration))
            .SetResourceBuilder(CreateResource())
            .AddSource(IngestionTelemetry.ActivitySourceName)
            // Orleans' grain calls, storage and lifecycle spans: one trace runs from the request through the grains to the stores.
            .AddSource("Microsoft.Orleans.*");
        if (otlpTraces)
        {
            tracerBuilder.AddOtlpExporter();
        }
        var tracerProvider = tracerBuilder.Build();

        return new TelemetryProviders(scraper, meterProvider, tracerProvider, otlpMetrics, otlpTraces);
    }

    /// <summary>Flushes pending exports and stops both pipelines.</summary>
    public void Dispose()
    {
        TracerProvider.Dispose();
        MeterProvider.Dispose();
    }

    private static bool IsSet(IConfiguration configuration, string key) =>
        !string.IsNullOrWhiteSpace(configuration[key]);
}
