using System.Diagnostics.Metrics;
using OpenTelemetry.Resources;

namespace IngestionCluster.Tests.Telemetry;

public sealed class PrometheusTextExporterTests
{
    [Fact]
    public async Task Counter_is_exposed_with_total_suffix_help_and_type()
    {
        using var pipeline = new TestMetricsPipeline();
        var frames = pipeline.Meter.CreateCounter<long>("test_frames", "{frame}", "Frames accepted.");
        frames.Add(2, new KeyValuePair<string, object?>("source", "http_push"));
        frames.Add(3, new KeyValuePair<string, object?>("source", "mqtt"));
        frames.Add(1, new KeyValuePair<string, object?>("source", "http_push"));

        Assert.Equal(
            """
            # HELP test_frames_total Frames accepted.
            # TYPE test_frames_total counter
            test_frames_total{source="http_push"} 3
            test_frames_total{source="mqtt"} 3

            """,
            await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Double_counter_with_a_unit_gets_the_unit_before_total()
    {
        using var pipeline = new TestMetricsPipeline();
        var busy = pipeline.Meter.CreateCounter<double>("test_busy_time", "s", "Busy time.");
        busy.Add(0.25);
        busy.Add(1.5);

        Assert.Equal(
            """
            # HELP test_busy_time_seconds_total Busy time.
            # TYPE test_busy_time_seconds_total counter
            test_busy_time_seconds_total 1.75

            """,
            await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Counters_stay_cumulative_across_scrapes()
    {
        using var pipeline = new TestMetricsPipeline();
        var frames = pipeline.Meter.CreateCounter<long>("test_frames", "{frame}", "Frames accepted.");
        frames.Add(2);
        Assert.Contains("test_frames_total 2\n", await pipeline.ScrapeAsync());

        frames.Add(3);
        Assert.Contains("test_frames_total 5\n", await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task UpDownCounter_is_exposed_as_a_gauge_of_its_current_sum()
    {
        using var pipeline = new TestMetricsPipeline();
        var sessions = pipeline.Meter.CreateUpDownCounter<long>("test_active_sessions", "{session}", "Open capture sessions.");
        sessions.Add(5);
        sessions.Add(-2);

        Assert.Equal(
            """
            # HELP test_active_sessions Open capture sessions.
            # TYPE test_active_sessions gauge
            test_active_sessions 3

            """,
            await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Observable_gauges_report_their_latest_value_with_unit_suffixes()
    {
        using var pipeline = new TestMetricsPipeline();
        long queued = 1024;
        pipeline.Meter.CreateObservableGauge("test_queue_size", () => new Measurement<long>(queued,
            new KeyValuePair<string, object?>("queue", "chunks")), "By", "Bytes waiting.");
        pipeline.Meter.CreateObservableGauge("test_fill", () => 0.25, "1", "Buffer fill level.");
        pipeline.Meter.CreateObservableUpDownCounter("test_connections", () => 7L, "{connection}", "Open connections.");

        Assert.Equal(
            """
            # HELP test_connections Open connections.
            # TYPE test_connections gauge
            test_connections 7
            # HELP test_fill_ratio Buffer fill level.
            # TYPE test_fill_ratio gauge
            test_fill_ratio 0.25
            # HELP test_queue_size_bytes Bytes waiting.
            # TYPE test_queue_size_bytes gauge
            test_queue_size_bytes{queue="chunks"} 1024

            """,
            await pipeline.ScrapeAsync());

        queued = 2048;
        Assert.Contains("test_queue_size_bytes{queue=\"chunks\"} 2048\n", await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Histogram_buckets_are_cumulative_and_end_with_inf_then_sum_and_count()
    {
        using var pipeline = new TestMetricsPipeline();
        var duration = pipeline.Meter.CreateHistogram("test_write_duration", "s", "Blob write time.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        foreach (var seconds in new[] { 0.0625, 0.5, 0.5, 3 })
        {
            duration.Record(seconds, new KeyValuePair<string, object?>("store", "s3"));
        }

        Assert.Equal(
            """
            # HELP test_write_duration_seconds Blob write time.
            # TYPE test_write_duration_seconds histogram
            test_write_duration_seconds_bucket{store="s3",le="0.1"} 1
            test_write_duration_seconds_bucket{store="s3",le="1"} 3
            test_write_duration_seconds_bucket{store="s3",le="+Inf"} 4
            test_write_duration_seconds_sum{store="s3"} 4.0625
            test_write_duration_seconds_count{store="s3"} 4

            """,
            await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Label_values_are_escaped_and_label_and_metric_names_sanitized()
    {
        using var pipeline = new TestMetricsPipeline();
        var duration = pipeline.Meter.CreateHistogram("test.odd-name", "ms", "Odd \\ help\nsecond line.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10] });
        duration.Record(4, [new("camera.id", "cam-1"), new("path", "a\"b\\c\nd"), new("2fa", true)]);

        Assert.Equal(
            """
            # HELP test_odd_name_milliseconds Odd \\ help\nsecond line.
            # TYPE test_odd_name_milliseconds histogram
            test_odd_name_milliseconds_bucket{camera_id="cam-1",key_2fa="true",path="a\"b\\c\nd",le="10"} 1
            test_odd_name_milliseconds_bucket{camera_id="cam-1",key_2fa="true",path="a\"b\\c\nd",le="+Inf"} 1
            test_odd_name_milliseconds_sum{camera_id="cam-1",key_2fa="true",path="a\"b\\c\nd"} 4
            test_odd_name_milliseconds_count{camera_id="cam-1",key_2fa="true",path="a\"b\\c\nd"} 1

            """,
            await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Tags_that_sanitize_to_one_label_name_are_merged_in_key_order()
    {
        using var pipeline = new TestMetricsPipeline();
        var counter = pipeline.Meter.CreateCounter<long>("test_merged", null, "Merged labels.");
        counter.Add(1, [new("a_b", "second"), new("a.b", "first")]);

        Assert.Contains("test_merged_total{a_b=\"first;second\"} 1\n", await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Families_and_label_sets_are_written_in_sorted_order()
    {
        using var pipeline = new TestMetricsPipeline();
        var zeta = pipeline.Meter.CreateCounter<long>("test_zeta", null, "Zeta.");
        var alpha = pipeline.Meter.CreateUpDownCounter<long>("test_alpha", null, "Alpha.");
        zeta.Add(1, new KeyValuePair<string, object?>("k", "b"));
        zeta.Add(1, new KeyValuePair<string, object?>("k", "a"));
        alpha.Add(1, [new("z", "1"), new("a", "2")]);

        Assert.Equal(
            """
            # HELP test_alpha Alpha.
            # TYPE test_alpha gauge
            test_alpha{a="2",z="1"} 1
            # HELP test_zeta_total Zeta.
            # TYPE test_zeta_total counter
            test_zeta_total{k="a"} 1
            test_zeta_total{k="b"} 1

            """,
            await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Instrument_without_description_gets_its_name_as_help()
    {
        using var pipeline = new TestMetricsPipeline();
        pipeline.Meter.CreateCounter<long>("test_plain").Add(1);

        Assert.StartsWith("# HELP test_plain_total test_plain\n", await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Resource_attributes_are_exposed_as_target_info()
    {
        var resource = ResourceBuilder.CreateEmpty()
            .AddService("camera-test", autoGenerateServiceInstanceId: false, serviceInstanceId: "i-1");
        using var pipeline = new TestMetricsPipeline(resource);

        Assert.Equal(
            """
            # HELP target_info Target metadata
            # TYPE target_info gauge
            target_info{service_instance_id="i-1",service_name="camera-test"} 1

            """,
            await pipeline.ScrapeAsync());
    }

    [Fact]
    public async Task Concurrent_scrapes_each_return_a_complete_exposition()
    {
        using var pipeline = new TestMetricsPipeline();
        var frames = pipeline.Meter.CreateCounter<long>("test_frames", "{frame}", "Frames accepted.");
        var duration = pipeline.Meter.CreateHistogram<double>("test_duration", "s", "Duration.");
        for (var i = 0; i < 50; i++)
        {
            frames.Add(1, new KeyValuePair<string, object?>("shard", i % 5));
            duration.Record(i / 100.0, new KeyValuePair<string, object?>("shard", i % 5));
        }
        var expected = await pipeline.ScrapeAsync();

        var scrapes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(pipeline.ScrapeAsync)));

        Assert.All(scrapes, scrape => Assert.Equal(expected, scrape));
    }

    [Fact]
    public async Task Exposition_of_every_instrument_kind_passes_promtool()
    {
        using var pipeline = new TestMetricsPipeline(ResourceBuilder.CreateEmpty().AddService("promtool-test"));
        var meter = pipeline.Meter;
        meter.CreateCounter<long>("test_frames", "{frame}", "Frames accepted.")
            .Add(3, [new("source", "mqtt"), new("camera.id", "a\"b\\c\nd")]);
        meter.CreateCounter<double>("test_busy_time", "s", "Busy time.").Add(0.5);
        meter.CreateUpDownCounter<int>("test_active_sessions", "{session}", "Open sessions.").Add(2);
        meter.CreateObservableGauge("test_queue_size", () => 12L, "By", "Bytes waiting.");
        meter.CreateObservableGauge("test_fill", () => 0.5, "1", "Fill level.");
        meter.CreateHistogram("test_write_duration", "s", "Write time.", tags: null,
                advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] })
            .Record(0.05, new KeyValuePair<string, object?>("le", "user tag named le"));
        meter.CreateHistogram<long>("test_payload_size", "By", "Payload size.").Record(5000);

        await Promtool.AssertValidAsync(await pipeline.ScrapeAsync());
    }
}
