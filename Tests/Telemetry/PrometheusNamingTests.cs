using IngestionCluster.Gateway.Metrics;

namespace IngestionCluster.Tests.Telemetry;

public sealed class PrometheusNamingTests
{
    [Theory]
    [InlineData("ingest_http_request_duration", "s", "ingest_http_request_duration_seconds")]
    [InlineData("ingest_blob_size", "By", "ingest_blob_size_bytes")]
    [InlineData("ingest_latency", "ms", "ingest_latency_milliseconds")]
    [InlineData("ingest_throughput", "By/s", "ingest_throughput_bytes_per_second")]
    [InlineData("ingest_rate", "{frame}/s", "ingest_rate_per_second")]
    [InlineData("ingest_queue_depth", "{message}", "ingest_queue_depth")]
    [InlineData("ingest_fill", "1", "ingest_fill_ratio")]
    [InlineData("ingest_size_bytes", "By", "ingest_size_bytes")]
    [InlineData("ingest.queue-depth", null, "ingest_queue_depth")]
    [InlineData("ingest__odd::name", "", "ingest_odd_name")]
    [InlineData("9lives", null, "_9lives")]
    public void Gauge_names_are_sanitized_and_get_their_unit_once(string instrument, string? unit, string expected) =>
        Assert.Equal(expected, PrometheusNaming.MetricName(instrument, unit, PrometheusMetricType.Gauge));

    [Theory]
    [InlineData("ingest_frames", "{frame}", "ingest_frames_total")]
    [InlineData("ingest_frames_total", "{frame}", "ingest_frames_total")]
    [InlineData("process_cpu", "s", "process_cpu_seconds_total")]
    [InlineData("ingest_bytes_written", "By", "ingest_bytes_written_bytes_total")]
    [InlineData("ingest_written_bytes", "By", "ingest_written_bytes_total")]
    [InlineData("ingest_ratio_count", "1", "ingest_ratio_count_total")]
    public void Counter_names_end_with_unit_then_total(string instrument, string? unit, string expected) =>
        Assert.Equal(expected, PrometheusNaming.MetricName(instrument, unit, PrometheusMetricType.Counter));

    [Theory]
    [InlineData("route", "route")]
    [InlineData("camera.id", "camera_id")]
    [InlineData("http-method", "http_method")]
    [InlineData("2fa", "key_2fa")]
    [InlineData("__reserved", "_reserved")]
    [InlineData("Ünit", "_nit")]
    public void Label_names_are_sanitized(string tagKey, string expected) =>
        Assert.Equal(expected, PrometheusNaming.LabelName(tagKey));
}
