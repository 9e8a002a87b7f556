using System.Net;
using System.Net.Http.Headers;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>What the real Silo and Gateway executables serve on <c>/metrics</c>.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class ProcessMetricsTests
{
    private const string PushRoute = "/api/ingest/push/{camera_id}";

    [Fact]
    public async Task A_standalone_silo_exports_the_seed_metrics_under_their_exact_names()
    {
        await using var silo = await ProductProcess.StartSiloAsync("seed-metrics", new Dictionary<string, string> { ["Auth__Enabled"] = "false" });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        // An event stream, over when its client leaves: not a request duration the latency histograms should hold.
        // (No drain on dispose: the connection closes at once, so the stream is over before the scrape below.)
        using (var eventsClient = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = silo.BaseAddress })
        using (var events = await eventsClient.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
            using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
            Assert.Equal(": connected", await reader.ReadLineAsync());
            await ScrapeUntilAsync(http, scrape => scrape.ValueOrZero("ingest_event_streams_open") == 1);
        }
        // Counted as closed once, though both the stream's end and the client's departure end it.
        await ScrapeUntilAsync(http, scrape => scrape.ValueOrZero("ingest_event_streams_open") == 0);

        await PushFrameAsync(http, "seed-cam");
        await PushFrameAsync(http, "seed-cam");
        // The TrackShift seed counted its uploads as frames too.
        using var upload = await http.PostAsync("api/v1/ingest/upload", Multipart.Form(Multipart.Text("camera_id", "seed-upload-cam"),
            Multipart.File("files", SharedJpegs.Samples.TestCard, "a.jpg", "image/jpeg"),
            Multipart.File("files", SharedJpegs.Samples.StaticScene[0], "b.jpg", "image/jpeg")));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        using var list = await http.GetAsync("api/v1/images?camera_id=seed-upload-cam");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);

        var scrape = await ScrapeUntilAsync(http, scrape => scrape.ValueOrZero("ingestion_frames_total{camera_id=\"seed-cam\",source=\"http\"}") >= 2
            && scrape.ValueOrZero("camera_ingest_frames_total{camera_id=\"seed-cam\",source_type=\"http_push\"}") >= 2
            && scrape.ValueOrZero("ingestion_frames_total{camera_id=\"seed-upload-cam\",source=\"upload\"}") >= 2
            && scrape.ValueOrZero($"http_requests_total{{method=\"POST\",path=\"{PushRoute}\",status=\"200\"}}") >= 2);
        Assert.Equal(2, scrape.Value("ingestion_frames_total{camera_id=\"seed-cam\",source=\"http\"}"));
        // The camera-ingest seed's: its pushes are http_push; the last frame's time is the frame's own, in Unix seconds.
        Assert.Equal(2, scrape.Value("camera_ingest_frames_total{camera_id=\"seed-cam\",source_type=\"http_push\"}"));
        Assert.InRange(scrape.Value("camera_ingest_last_frame_timestamp{camera_id=\"seed-cam\"}"), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Equal(0, scrape.ValueOrZero("camera_ingest_frames_total{camera_id=\"seed-upload-cam\",source_type=\"upload\"}"));
        Assert.Equal(2, scrape.Value($"ingestion_requests_total{{endpoint=\"{PushRoute}\",method=\"POST\",status=\"200\"}}"));
        Assert.Equal(2, scrape.Value($"ingestion_request_duration_seconds_count{{endpoint=\"{PushRoute}\",method=\"POST\"}}"));
        Assert.Equal(2, scrape.Value($"http_requests_total{{method=\"POST\",path=\"{PushRoute}\",status=\"200\"}}"));
        Assert.Equal(2, scrape.Value($"http_request_duration_seconds_count{{method=\"POST\",path=\"{PushRoute}\"}}"));
        // A collection's route is labelled as the seeds' dashboards name it, without a trailing slash.
        Assert.Equal(1, scrape.Value("ingestion_requests_total{endpoint=\"/api/v1/images\",method=\"GET\",status=\"200\"}"));
        Assert.All(ProjectMetricFamilies.Seeds, seed => Assert.Equal(seed.Value, scrape.Families.GetValueOrDefault(seed.Key)));
        // The bounded family keeps its one label.
        Assert.Equal(2, scrape.Value("ingest_frames_total{source=\"http\"}"));
        Assert.Equal(2, scrape.Value("ingestion_frames_total{camera_id=\"seed-upload-cam\",source=\"upload\"}"));
        Assert.Equal(2, scrape.Value("ingest_frames_total{source=\"upload\"}"));
        Assert.DoesNotContain("/api/ingest/push/seed-cam", scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("endpoint=\"/api/events\"", scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("path=\"/api/events\"", scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(scrape.SamplesStartingWith("http_server_request_duration_seconds_count{"), sample => sample.Key.Contains("http_route=\"/api/events\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_exposition_with_orleans_instruments_parses_and_the_projects_families_pass_promtool()
    {
        await using var silo = await ProductProcess.StartSiloAsync("promtool", new Dictionary<string, string> { ["Auth__Enabled"] = "false" });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await PushFrameAsync(http, "promtool-cam");

        var scrape = await ScrapeUntilAsync(http, scrape => scrape.Families.ContainsKey("orleans_grains") && scrape.Families.ContainsKey("ingestion_frames_total"));

        await Promtool.AssertParsesWithProblemsOnlyInAsync(scrape.Text, family => !ProjectMetricFamilies.Contains(family));
        var projectFamilies = scrape.OnlyFamilies(ProjectMetricFamilies.Contains);
        Assert.All(ProjectMetricFamilies.Seeds.Keys, seed => Assert.Contains($"# TYPE {seed} ", projectFamilies, StringComparison.Ordinal));
        await Promtool.AssertValidAsync(projectFamilies);
        // Orleans publishes no descriptions: the ones the dashboard shows get theirs from a view.
        Assert.Contains("# HELP orleans_grains Live grain activations", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_silo_and_a_gateway_each_serve_their_own_metrics()
    {
        var settings = await ClusterSettings.CreateAsync("metrics");
        await using var silo = await ProductProcess.StartSiloAsync("metrics-silo", settings);
        await using var gateway = await ProductProcess.StartGatewayAsync("metrics-gateway", new Dictionary<string, string>(settings) { ["Auth__Enabled"] = "false" });
        using var siloHttp = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var gatewayHttp = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await gateway.WaitUntilReadyAsync();

        await PushFrameAsync(gatewayHttp, "cluster-cam");

        var gatewayScrape = await ScrapeUntilAsync(gatewayHttp, scrape => scrape.Families.ContainsKey("ingestion_requests_total"));
        Assert.Contains("service_name=\"ingestion-gateway\"", Assert.Single(gatewayScrape.SamplesStartingWith("target_info{")).Key);
        Assert.True(gatewayScrape.Value($"ingestion_requests_total{{endpoint=\"{PushRoute}\",method=\"POST\",status=\"200\"}}") >= 1);
        var siloScrape = await ScrapeUntilAsync(siloHttp, scrape => scrape.Families.ContainsKey("ingestion_frames_total") && scrape.Families.ContainsKey("orleans_grains"));
        Assert.Contains("service_name=\"ingestion-silo\"", Assert.Single(siloScrape.SamplesStartingWith("target_info{")).Key);
        Assert.Equal(1, siloScrape.Value("ingestion_frames_total{camera_id=\"cluster-cam\",source=\"http\"}"));
        Assert.Contains(siloScrape.Families.Keys, family => family.StartsWith("db_client_", StringComparison.Ordinal));
    }

    private static async Task PushFrameAsync(HttpClient http, string cameraId)
    {
        using var frame = new ByteArrayContent(SharedJpegs.Samples.TestCard);
        frame.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var response = await http.PostAsync($"api/ingest/push/{cameraId}", frame);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<Exposition> ScrapeUntilAsync(HttpClient http, Func<Exposition, bool> condition)
    {
        Exposition? scrape = null;
        await Eventually.TrueAsync(async () =>
        {
            scrape = Exposition.Parse(await http.GetStringAsync("metrics"));
            return condition(scrape);
        }, TimeSpan.FromSeconds(30), "the expected series in the scrape");
        return scrape!;
    }
}
