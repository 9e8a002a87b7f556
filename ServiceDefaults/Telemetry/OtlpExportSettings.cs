using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// Which signals are pushed over OTLP, and where: a signal is exported when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// or its own <c>OTEL_EXPORTER_OTLP_{METRICS,TRACES}_ENDPOINT</c> is set. The exporter reads the other
/// <c>OTEL_EXPORTER_OTLP_*</c> settings (protocol, headers, timeout) itself.
/// </summary>
public sealed record OtlpExportSettings(bool Metrics, bool Traces, string? MetricsEndpoint, string? TracesEndpoint)
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string MetricsEndpointKey = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
    public const string TracesEndpointKey = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    public static OtlpExportSettings Read(IConfiguration configuration)
    {
        var both = !string.IsNullOrWhiteSpace(configuration[EndpointKey]);
        var metrics = Value(configuration, MetricsEndpointKey);
        var traces = Value(configuration, TracesEndpointKey);
        return new OtlpExportSettings(both || metrics is not null, both || traces is not null, metrics, traces);
    }

    // AddOtlpExporter reads only the shared endpoint; the signal's own endpoint (a full URL, used as given) is applied here.
    public void ConfigureMetricsExporter(OtlpExporterOptions exporter) => UseEndpoint(exporter, MetricsEndpoint);

    public void ConfigureTracesExporter(OtlpExporterOptions exporter) => UseEndpoint(exporter, TracesEndpoint);

    private static void UseEndpoint(OtlpExporterOptions exporter, string? endpoint)
    {
        if (endpoint is not null)
        {
            exporter.Endpoint = new Uri(endpoint);
        }
    }

    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
