using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;
using IngestionCluster.Tests.Telemetry;

namespace IngestionCluster.Tests.Deployment;

/// <summary>The provisioned Grafana dashboard queries what the processes really export.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed partial class DashboardTests
{
    private static readonly string _dashboard = Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "dashboards", "ingestion-cluster.json");

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_one_the_application_exports()
    {
        var queried = QueriedMetricNames();
        Assert.True(queried.Count >= 25, $"only {queried.Count} metric names found in the dashboard");

        // A real silo exports Orleans', ASP.NET Core's, the runtime's and the seeds' families once traffic has
        // run; the product's own instruments are all covered by their twins, including those (RTSP, MQTT)
        // that this traffic does not record on.
        var exported = new HashSet<string>(await ScrapeOfARunningSiloAsync(), StringComparer.Ordinal);
        exported.UnionWith(await ProductInstrumentNames.ExportedAsync());
        var missing = queried.Where(name => !exported.Contains(name) && !exported.Contains(HistogramSuffix().Replace(name, string.Empty))).ToList();

        Assert.True(missing.Count == 0, "The dashboard queries metrics the application does not export: " + string.Join(", ", missing)
            + "\nExported: " + string.Join(", ", exported.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void The_dashboard_has_a_panel_for_every_seed_metric()
    {
        var queried = QueriedMetricNames().Select(name => HistogramSuffix().Replace(name, string.Empty)).ToHashSet(StringComparer.Ordinal);

        Assert.All(ProjectMetricFamilies.Seeds.Keys, seed => Assert.Contains(seed, queried));
    }

    private static List<string> QueriedMetricNames()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(_dashboard));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .SelectMany(expression => MetricNamePattern().Matches(expression).Select(match => match.Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The families a standalone silo exports after serving an HTTP push that stores the frame.</summary>
    private static async Task<IReadOnlyCollection<string>> ScrapeOfARunningSiloAsync()
    {
        await using var silo = await ProductProcess.StartSiloAsync("dashboard", new Dictionary<string, string> { ["Auth__Enabled"] = "false" });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var register = await http.PostAsync("api/cameras",
            new StringContent("""{"id":"dashboard-cam","source_type":"http_push","persist":{"mode":"all"}}""", Encoding.UTF8, "application/json"));
        Assert.True(register.IsSuccessStatusCode, await register.Content.ReadAsStringAsync());
        using var frame = new ByteArrayContent(SharedJpegs.Samples.TestCard);
        frame.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var push = await http.PostAsync("api/ingest/push/dashboard-cam", frame);
        Assert.True(push.IsSuccessStatusCode, await push.Content.ReadAsStringAsync());

        Exposition? scrape = null;
        await Eventually.TrueAsync(async () =>
        {
            scrape = Exposition.Parse(await http.GetStringAsync("metrics"));
            return scrape.Families.ContainsKey("ingestion_frames_total") && scrape.Families.ContainsKey("ingestion_requests_total");
        }, TimeSpan.FromSeconds(30), "the frame and the request in the silo's metrics");
        return scrape!.Families.Keys.ToList();
    }

    [GeneratedRegex(@"\b(?:camera_ingest|ingest|ingestion|http|process|dotnet|orleans|aspnetcore|kestrel)_[a-z0-9_]+\b")]
    private static partial Regex MetricNamePattern();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
