using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Telemetry;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Tests.Telemetry;

[Collection(TelemetryHostCollection.Name)]
public sealed class MetricsEndpointTests
{
    private const string ItemsRoute = "/telemetry-test/items/{id}";
    private const string FailRoute = "/telemetry-test/fail";

    private static void MapTestRoutes(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ItemsRoute, (string id) => Results.Ok(new { id }));
        endpoints.MapPost(ItemsRoute, (string id) => Results.Created($"/telemetry-test/items/{id}", new { id }));
        endpoints.MapGet(FailRoute, IResult () => throw new InvalidOperationException("boom"));
    }

    [Fact]
    public async Task The_per_camera_frame_counter_keeps_a_series_for_each_of_thousands_of_cameras()
    {
        await using var host = await TelemetryTestHost.StartAsync();
        var prefix = $"many-{Guid.NewGuid():N}"[..13];
        const int cameras = 3_000; // beyond the SDK's default limit of 2,000 series per metric
        for (var i = 0; i < cameras; i++)
        {
            IngestMetrics.FrameIngested($"{prefix}-{i}", ImageSource.Http, "http_push", DateTimeOffset.UnixEpoch.AddSeconds(1_750_000_000 + i));
        }

        var scrape = await host.ScrapeUntilAsync(scrape => scrape.Families.ContainsKey("ingestion_frames_total") && scrape.Families.ContainsKey("camera_ingest_frames_total"));

        Assert.Equal(cameras, scrape.SamplesStartingWith($"ingestion_frames_total{{camera_id=\"{prefix}-").Count);
        // The camera-ingest seed's per-camera families too.
        Assert.Equal(cameras, scrape.SamplesStartingWith($"camera_ingest_frames_total{{camera_id=\"{prefix}-").Count);
        Assert.Equal(cameras, scrape.SamplesStartingWith($"camera_ingest_last_frame_timestamp{{camera_id=\"{prefix}-").Count);
        Assert.Equal(1_750_000_007, scrape.Value($"camera_ingest_last_frame_timestamp{{camera_id=\"{prefix}-7\"}}"));
        Assert.DoesNotContain("otel_metric_overflow", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_camera_ingest_seeds_motion_and_status_families_have_its_names_and_labels()
    {
        await using var host = await TelemetryTestHost.StartAsync();
        var camera = $"gate-{Guid.NewGuid():N}"[..13];

        IngestMetrics.MotionDetected(camera, announced: true);
        IngestMetrics.MotionDetected(camera, announced: false);
        IngestMetrics.MotionDetected(camera, announced: true);
        IngestMetrics.StreamConnected(camera, connected: true);
        var connected = await host.ScrapeUntilAsync(scrape => scrape.ValueOrZero($"camera_ingest_status{{camera_id=\"{camera}\"}}") == 1);
        IngestMetrics.StreamConnected(camera, connected: false);
        var lost = await host.ScrapeUntilAsync(scrape => scrape.Families.ContainsKey("camera_ingest_status") && scrape.Value($"camera_ingest_status{{camera_id=\"{camera}\"}}") == 0);

        Assert.Equal(2, connected.Value($"camera_ingest_motion_total{{camera_id=\"{camera}\"}}"));
        Assert.Contains("# TYPE camera_ingest_status gauge", lost.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE camera_ingest_motion_total counter", lost.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_endpoint_serves_text_format_0_0_4()
    {
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes);

        using var response = await host.Client.GetAsync("/metrics");

        Assert.Equal(StatusCodes.Status200OK, (int)response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData("ingestion_requests_total", "endpoint={0},method={1},status={2}")]
    [InlineData("http_requests_total", "method={1},path={0},status={2}")]
    public async Task Requests_are_counted_by_route_template_method_and_status(string family, string labels)
    {
        string Series(string route, string method, string status) =>
            family + "{" + string.Format(System.Globalization.CultureInfo.InvariantCulture, labels, $"\"{route}\"", $"\"{method}\"", $"\"{status}\"") + "}";
        var gets = Series(ItemsRoute, "GET", "200");
        var posts = Series(ItemsRoute, "POST", "201");
        var failures = Series(FailRoute, "GET", "500");
        var unmatched = Series(SeedHttpMetrics.UnmatchedRoute, "GET", "404");
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes);
        var before = await host.ScrapeAsync();

        for (var i = 0; i < 3; i++)
        {
            (await host.Client.GetAsync($"/telemetry-test/items/{i}")).EnsureSuccessStatusCode();
        }
        (await host.Client.PostAsync("/telemetry-test/items/9", content: null)).EnsureSuccessStatusCode();
        Assert.Equal(StatusCodes.Status500InternalServerError, (int)(await host.Client.GetAsync(FailRoute)).StatusCode);
        Assert.Equal(StatusCodes.Status404NotFound, (int)(await host.Client.GetAsync($"/telemetry-test/{Guid.NewGuid()}")).StatusCode);

        var after = await host.ScrapeUntilAsync(scrape =>
            scrape.ValueOrZero(gets) - before.ValueOrZero(gets) >= 3
            && scrape.ValueOrZero(unmatched) > before.ValueOrZero(unmatched)
            && scrape.ValueOrZero(failures) > before.ValueOrZero(failures)
            && scrape.ValueOrZero(posts) > before.ValueOrZero(posts));
        Assert.Equal(3, after.Value(gets) - before.ValueOrZero(gets));
        Assert.Equal(1, after.Value(posts) - before.ValueOrZero(posts));
        Assert.Equal(1, after.Value(failures) - before.ValueOrZero(failures));
        // Other tests' hosts in this process may add unmatched requests of their own.
        Assert.True(after.Value(unmatched) - before.ValueOrZero(unmatched) >= 1);
        Assert.DoesNotContain("/telemetry-test/items/0", after.Text);
        Assert.Equal("counter", after.Families[family]);
    }

    [Theory]
    [InlineData("ingestion_request_duration_seconds", "{endpoint=\"" + ItemsRoute + "\",method=\"GET\"")]
    [InlineData("http_request_duration_seconds", "{method=\"GET\",path=\"" + ItemsRoute + "\"")]
    public async Task Request_duration_histogram_has_cumulative_buckets_ending_with_inf(string family, string labels)
    {
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes);
        var countSeries = $"{family}_count{labels}}}";
        var before = await host.ScrapeAsync();

        for (var i = 0; i < 4; i++)
        {
            (await host.Client.GetAsync($"/telemetry-test/items/{i}")).EnsureSuccessStatusCode();
        }

        var after = await host.ScrapeUntilAsync(scrape =>
            scrape.ValueOrZero(countSeries) - before.ValueOrZero(countSeries) >= 4);
        Assert.Equal(4, after.Value(countSeries) - before.ValueOrZero(countSeries));
        Assert.Equal("histogram", after.Families[family]);
        var buckets = after.SamplesStartingWith($"{family}_bucket{labels},le=");
        Assert.Equal(IngestionTelemetry.DurationBucketsSeconds.Count + 1, buckets.Count);
        for (var i = 1; i < buckets.Count; i++)
        {
            Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"bucket {buckets[i].Key} is below the one before it");
        }
        Assert.EndsWith("le=\"+Inf\"}", buckets[^1].Key);
        Assert.Equal(after.Value(countSeries), buckets[^1].Value);
        Assert.True(after.Value($"{family}_sum{labels}}}") > 0);
    }

    [Fact]
    public async Task Process_runtime_and_aspnetcore_metrics_are_exposed()
    {
        await using var host = await TelemetryTestHost.StartAsync();
        (await host.Client.GetAsync("/health")).EnsureSuccessStatusCode();

        var scrape = await host.ScrapeUntilAsync(scrape => scrape.Families.ContainsKey("http_server_request_duration_seconds"));

        Assert.True(scrape.Value("process_memory_usage_bytes") > 0);
        Assert.True(scrape.SamplesStartingWith("process_cpu_time_seconds_total{").Sum(sample => sample.Value) > 0);
        Assert.True(scrape.Value("dotnet_process_memory_working_set_bytes") > 0);
        Assert.True(scrape.Value("dotnet_thread_pool_queue_length") >= 0);
        Assert.NotEmpty(scrape.SamplesStartingWith("dotnet_gc_collections_total{"));
        Assert.Equal("counter", scrape.Families["process_cpu_time_seconds_total"]);
        Assert.Equal("histogram", scrape.Families["http_server_request_duration_seconds"]);
    }

    [Fact]
    public async Task Metrics_of_a_real_host_parse_and_the_projects_own_families_pass_promtool()
    {
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes);
        (await host.Client.GetAsync("/telemetry-test/items/1")).EnsureSuccessStatusCode();
        await host.Client.GetAsync(FailRoute);
        await host.Client.GetAsync("/health");

        var scrape = await host.ScrapeUntilAsync(scrape => scrape.Text.Contains(FailRoute, StringComparison.Ordinal));

        await Promtool.AssertParsesWithProblemsOnlyInAsync(scrape.Text, family => !ProjectMetricFamilies.Contains(family));
        var projectFamilies = scrape.OnlyFamilies(ProjectMetricFamilies.Contains);
        Assert.Contains("# TYPE ingestion_requests_total counter", projectFamilies, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_request_duration_seconds histogram", projectFamilies, StringComparison.Ordinal);
        await Promtool.AssertValidAsync(projectFamilies);
    }

    [Fact]
    public async Task Gateway_host_is_named_ingestion_gateway_in_target_info()
    {
        await using var host = await TelemetryTestHost.StartAsync();

        var scrape = await host.ScrapeAsync();

        Assert.Contains("service_name=\"ingestion-gateway\"", TargetInfo(scrape));
    }

    [Fact]
    public async Task Silo_host_is_named_ingestion_silo_in_target_info()
    {
        await using var host = await TelemetryTestHost.StartAsync(serviceName: ServiceNames.Silo);

        var scrape = await host.ScrapeAsync();

        Assert.Contains("service_name=\"ingestion-silo\"", TargetInfo(scrape));
    }

    [Fact]
    public async Task Otel_service_name_and_resource_attributes_override_the_defaults()
    {
        await using var host = await TelemetryTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "edge-gateway-7",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test,site=lab",
        });

        var targetInfo = TargetInfo(await host.ScrapeAsync());

        Assert.Contains("service_name=\"edge-gateway-7\"", targetInfo);
        Assert.Contains("deployment_environment=\"test\"", targetInfo);
        Assert.Contains("site=\"lab\"", targetInfo);
    }

    private static string TargetInfo(Exposition scrape) =>
        Assert.Single(scrape.SamplesStartingWith("target_info{")).Key;
}
