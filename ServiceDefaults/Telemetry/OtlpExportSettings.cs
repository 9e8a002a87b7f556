using Microsoft.Extensions.Configuration;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// Which signals are pushed over OTLP: a signal is exported when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or its
/// own <c>OTEL_EXPORTER_OTLP_{METRICS,TRACES}_ENDPOINT</c> is set. The exporter reads every other
/// <c>OTEL_EXPORTER_OTLP_*</c> setting (protocol, headers, timeout) itself.
/// </summary>
public sealed record OtlpExportSettings(bool Metrics, bool Traces)
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string MetricsEndpointKey = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
    public const string TracesEndpointKey = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    public static OtlpExportSettings Read(IConfiguration configuration)
    {
        var both = IsSet(configuration, EndpointKey);
        return new OtlpExportSettings(both || IsSet(configuration, MetricsEndpointKey), both || IsSet(configuration, TracesEndpointKey));
    }

    private static bool IsSet(IConfiguration configuration, string key) => !string.IsNullOrWhiteSpace(configuration[key]);
}
