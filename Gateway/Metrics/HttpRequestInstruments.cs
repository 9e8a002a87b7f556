using System.Diagnostics.Metrics;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>
/// The HTTP server instruments, created once per process on the shared meter (several hosts in one
/// process, as in tests, record on the same instruments).
/// </summary>
internal static class HttpRequestInstruments
{
    /// <summary>Scraped as <c>ingest_http_requests_total{method,route,status}</c>.</summary>
    public static Counter<long> Requests { get; } = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_http_requests",
        TelemetryUnits.Requests,
        "HTTP requests served, by method, route pattern and status code.");

    /// <summary>Scraped as <c>ingest_http_request_duration_seconds{method,route}</c>.</summary>
    public static Histogram<double> Duration { get; } = IngestionTelemetry.Meter.CreateHistogram(
        "ingest_http_request_duration",
        TelemetryUnits.Seconds,
        "Time to serve an HTTP request, by method and route pattern.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = IngestionTelemetry.DurationBucketsSeconds });
}
