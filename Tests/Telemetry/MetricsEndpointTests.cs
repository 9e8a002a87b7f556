using IngestionCluster.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Tests.Telemetry;

[Collection(TelemetryHostCollection.Name)]
public sealed class MetricsEndpointTests
{
    private const string ItemsRoute = "/telemetry-test/items/{id}";
    private const string FailRoute = "/telemetry-test/fail";
    private const string ItemsRequests = "ingest_http_requests_total{method=\"GET\",route=\"" + ItemsRoute + "\",status=\"200\"}";
    private const string ItemsPosts = "ingest_http_requests_total{method=\"POST\",route=\"" + ItemsRoute + "\",status=\"201\"}";
    private const string FailRequests = "ingest_http_requests_total{method=\"GET\",route=\"" + FailRoute + "\",status=\"500\"}";
    private const string UnmatchedRequests = "ingest_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}";
    private const string ItemsDuration = "ingest_http_request_duration_seconds";
    private const string ItemsDurationLabels = "{method=\"GET\",route=\"" + ItemsRoute + "\"";

    private static void MapTestRoutes(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ItemsRoute, (string id) => Results.Ok(new { id }));
        endpoints.MapPost(ItemsRoute, (string id) => Results.Created($"/telemetry-test/items/{id}", new { id }));
        endpoints.MapGet(FailRoute, IResult () => throw new InvalidOperationException("boom"));
    }

    [Fact]
    public async Task Metrics_endpoint_serves_text_format_0_0_4()
    {
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes);

        using var response = await host.Client.GetAsync("/metrics");

        Assert.Equal(StatusCodes.Status200OK, (int)response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Requests_are_counted_by_method_route_pattern_and_status()
    {
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
            scrape.ValueOrZero(ItemsRequests) - before.ValueOrZero(ItemsRequests) >= 3
            && scrape.ValueOrZero(UnmatchedRequests) > before.ValueOrZero(UnmatchedRequests)
            && scrape.ValueOrZero(FailRequests) > before.ValueOrZero(FailRequests)
            && scrape.ValueOrZero(ItemsPosts) > before.ValueOrZero(ItemsPosts));
        Assert.Equal(3, after.Value(ItemsRequests) - before.ValueOrZero(ItemsRequests));
        Assert.Equal(1, after.Value(ItemsPosts) - before.ValueOrZero(ItemsPosts));
        Assert.Equal(1, after.Value(FailRequests) - before.ValueOrZero(FailRequests));
        // Other tests' hosts in this process may add unmatched requests of their own.
        Assert.True(after.Value(UnmatchedRequests) - before.ValueOrZero(UnmatchedRequests) >= 1);
        Assert.DoesNotContain("/telemetry-test/items/0", after.Text);
    }

    [Fact]
    public async Task Request_duration_histogram_has_cumulative_buckets_ending_with_inf()
    {
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes);
        var countSeries = $"{ItemsDuration}_count{ItemsDurationLabels}}}";
        var before = await host.ScrapeAsync();

        for (var i = 0; i < 4; i++)
        {
            (await host.Client.GetAsync($"/telemetry-test/items/{i}")).EnsureSuccessStatusCode();
        }

        var after = await host.ScrapeUntilAsync(scrape =>
            scrape.ValueOrZero(countSeries) - before.ValueOrZero(countSeries) >= 4);
        Assert.Equal(4, after.Value(countSeries) - before.ValueOrZero(countSeries));
        var buckets = after.SamplesStartingWith($"{ItemsDuration}_bucket{ItemsDurationLabels},le=");
        Assert.Equal(IngestionCluster.ServiceDefaults.Telemetry.IngestionTelemetry.DurationBucketsSeconds.Count + 1, buckets.Count);
        for (var i = 1; i < buckets.Count; i++)
        {
            Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"bucket {buckets[i].Key} is below the one before it");
        }
        Assert.EndsWith("le=\"+Inf\"}", buckets[^1].Key);
        Assert.Equal(after.Value(countSeries), buckets[^1].Value);
        Assert.True(after.Value($"{ItemsDuration}_sum{ItemsDurationLabels}}}") > 0);
    }

    [Fact]
    public async Task Process_and_runtime_metrics_are_exposed()
    {
        await using var host = await TelemetryTestHost.StartAsync();

        var scrape = await host.ScrapeAsync();

        Assert.True(scrape.Value("process_cpu_seconds_total") > 0);
        Assert.True(scrape.Value("process_resident_memory_bytes") > 0);
        Assert.True(scrape.Value("process_start_time_seconds") > 1_600_000_000);
        Assert.True(scrape.Value("dotnet_gc_heap_size_bytes") > 0);
        Assert.True(scrape.Value("dotnet_threadpool_queue_length") >= 0);
        Assert.True(scrape.Value("dotnet_threadpool_threads") > 0);
        Assert.True(scrape.Contains("dotnet_gc_collections_total{generation=\"gen0\"}"));
        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", scrape.Text);
    }

    [Fact]
    public async Task Metrics_of_a_real_host_pass_promtool()
    {
        await using var host = await TelemetryTestHost.StartAsync(MapTestRoutes);
        (await host.Client.GetAsync("/telemetry-test/items/1")).EnsureSuccessStatusCode();
        await host.Client.GetAsync(FailRoute);
        await host.Client.GetAsync("/health");

        var scrape = await host.ScrapeUntilAsync(scrape => scrape.Text.Contains(FailRoute, StringComparison.Ordinal));

        await Promtool.AssertValidAsync(scrape.Text);
    }

    [Fact]
    public async Task Gateway_host_is_named_ingestion_gateway_in_target_info()
    {
        await using var host = await TelemetryTestHost.StartAsync();

        var scrape = await host.ScrapeAsync();

        Assert.Contains("service_name=\"ingestion-gateway\"", TargetInfo(scrape));
    }

    [Fact]
    public async Task Service_name_given_before_AddGatewayServices_wins()
    {
        await using var host = await TelemetryTestHost.StartAsync(serviceName: TelemetryHostingExtensions.SiloServiceName);

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
