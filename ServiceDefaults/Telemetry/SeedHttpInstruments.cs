using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// The HTTP metrics under the names the seed services exposed, so that their dashboards keep working:
/// TrackShift's <c>ingestion_requests_total{endpoint,method,status}</c> and
/// <c>ingestion_request_duration_seconds{endpoint,method}</c>, log-ingest's
/// <c>http_requests_total{method,path,status}</c> and <c>http_request_duration_seconds{method,path}</c>.
/// <c>endpoint</c> and <c>path</c> hold the route template (<c>/api/cameras/{id}</c>), never the raw path.
/// </summary>
/// <remarks>
/// Created once per process on the product's meter: several hosts in one process (as in tests) record on
/// the same instruments.
/// </remarks>
internal static class SeedHttpInstruments
{
    private static readonly InstrumentAdvice<double> _durationAdvice = new() { HistogramBucketBoundaries = IngestionTelemetry.DurationBucketsSeconds };

    private static readonly Counter<long> _ingestionRequests = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingestion_requests", TelemetryUnits.Requests, "HTTP requests served, by route template (endpoint), method and status code.");

    private static readonly Histogram<double> _ingestionRequestDuration = IngestionTelemetry.Meter.CreateHistogram(
        "ingestion_request_duration", TelemetryUnits.Seconds, "Time to serve an HTTP request, by route template (endpoint) and method.",
        tags: null, _durationAdvice);

    private static readonly Counter<long> _httpRequests = IngestionTelemetry.Meter.CreateCounter<long>(
        "http_requests", TelemetryUnits.Requests, "HTTP requests served, by method, route template (path) and status code.");

    private static readonly Histogram<double> _httpRequestDuration = IngestionTelemetry.Meter.CreateHistogram(
        "http_request_duration", TelemetryUnits.Seconds, "Time to serve an HTTP request, by method and route template (path).",
        tags: null, _durationAdvice);

    public static void Record(string method, string route, string status, double seconds)
    {
        _ingestionRequests.Add(1, new TagList { { "endpoint", route }, { "method", method }, { "status", status } });
        _ingestionRequestDuration.Record(seconds, new TagList { { "endpoint", route }, { "method", method } });
        _httpRequests.Add(1, new TagList { { "method", method }, { "path", route }, { "status", status } });
        _httpRequestDuration.Record(seconds, new TagList { { "method", method }, { "path", route } });
    }
}
