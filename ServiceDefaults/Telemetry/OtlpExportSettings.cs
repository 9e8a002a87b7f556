using IngestionCluster.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
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

    /// <exception cref="OptionsValidationException">An endpoint that is not an http(s) URL; one failure per variable.</exception>
    public static OtlpExportSettings Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var both = Endpoint(configuration, EndpointKey, problems) is not null;
        var metrics = Endpoint(configuration, MetricsEndpointKey, problems);
        var traces = Endpoint(configuration, TracesEndpointKey, problems);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("OTEL_EXPORTER_OTLP", typeof(OtlpExportSettings), problems);
        }
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

    // The SDK would drop a shared endpoint it cannot parse and send to localhost:4317 instead; a signal's own one would crash the start.
    private static string? Endpoint(IConfiguration configuration, string key, List<string> problems)
    {
        if (configuration[key] is not { } value || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
        {
            return value;
        }
        problems.Add($"{key} must be an http:// or https:// URL such as http://otel-collector:4317, got '{UrlCredentials.Mask(value)}'.");
        return null;
    }
}
