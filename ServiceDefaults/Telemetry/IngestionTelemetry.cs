using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// The product's one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, shared by every project. Create instruments once
/// (in a static field or a singleton) and record on them from anywhere:
/// <code>
/// private static readonly Counter&lt;long&gt; _frames = IngestionTelemetry.Meter.CreateCounter&lt;long&gt;(
///     "ingest_frames", TelemetryUnits.Frames, "Frames accepted from cameras.");
/// </code>
/// </summary>
/// <remarks>
/// Naming convention, so that one name reads the same in Prometheus and over OTLP:
/// <list type="bullet">
/// <item>Instrument names are snake_case and start with <c>ingest_</c>, then the area and the thing
/// counted: <c>ingest_mqtt_chunks_received</c>, <c>ingest_blob_operation_duration</c>. The seeds' metrics
/// keep the names their dashboards query (<c>ingestion_requests</c>, <c>http_requests</c>, …); process,
/// runtime, ASP.NET Core and Orleans instruments come from their own instrumentation.</item>
/// <item>The unit goes into the <c>unit</c> argument in UCUM form (<see cref="TelemetryUnits"/>), never
/// into the name: the Prometheus exporter appends it (<c>s</c> → <c>_seconds</c>, <c>By</c> →
/// <c>_bytes</c>), and appends <c>_total</c> to counters. So the histogram
/// <c>ingest_blob_operation_duration</c> with unit <c>s</c> is scraped as
/// <c>ingest_blob_operation_duration_seconds</c>, the counter <c>ingest_frames</c> as
/// <c>ingest_frames_total</c>. Curly-brace units (<c>{frame}</c>) only document what is counted.</item>
/// <item>Durations are recorded in seconds as <c>double</c>, sizes in bytes: base units only.</item>
/// <item>Tag (label) names are snake_case (<c>camera_id</c> is too many series: prefer bounded values
/// such as <c>source</c>, <c>outcome</c>, <c>route</c>). Every distinct tag combination is a time series.</item>
/// </list>
/// </remarks>
public static class IngestionTelemetry
{
    /// <summary>Name of the product's meter; the metrics pipeline listens to it.</summary>
    public const string MeterName = "IngestionCluster";

    /// <summary>Name of the product's activity source; the tracing pipeline listens to it.</summary>
    public const string ActivitySourceName = "IngestionCluster";

    private static readonly string? _version =
        typeof(IngestionTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The meter every project creates its instruments on.</summary>
    public static Meter Meter { get; } = new(MeterName, _version);

    /// <summary>The activity source every project starts its spans from.</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName, _version);

    /// <summary>
    /// Histogram bucket boundaries for durations in seconds, from 5 ms to 10 s; pass them as
    /// <c>new InstrumentAdvice&lt;double&gt; { HistogramBucketBoundaries = IngestionTelemetry.DurationBucketsSeconds }</c>.
    /// </summary>
    public static IReadOnlyList<double> DurationBucketsSeconds { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}
