using System.Text.Json;
using System.Text.RegularExpressions;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Tests.Cluster.Outages;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// PostgreSQL stopped and started again, and Redis restarted, while clients push frames, upload images and register
/// cameras over HTTP and cameras publish images over MQTT, against real Silo and Gateway processes.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class StoreOutageHttpTests
{
    public static TheoryData<string> Outages => new() { "postgres", "redis" };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task During_a_store_outage_clients_get_503_with_retry_after_and_everything_acknowledged_is_stored_once(string outage)
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var stores = await PrivateStores.StartAsync();
        ServerProcess down = outage == "redis" ? stores.Redis : stores.Postgres;
        var topicRoot = $"httpout{Guid.NewGuid().ToString("N")[..8]}";
        var settings = await stores.ClusterSettingsAsync("httpout");
        await using var cluster = await ProcessCluster.StartAsync("httpout", silos: 2, gateways: 1, settings, ClusterSettings.MqttGateway(mosquitto, topicRoot));
        var gateway = cluster.Gateways[0];
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        var jpeg = SharedJpegs.Samples.TestCard;
        await using var requests = new HttpOutageTraffic(http, $"{outage}-http", jpeg);
        await using var cameras = new MqttOutageTraffic(mosquitto, topicRoot);
        await requests.StartAsync(pushCameras: 3);
        cameras.Start(Enumerable.Range(0, 3).Select(c => $"{outage}-mqtt-{c}"));
        var started = DateTimeOffset.UtcNow;
        await requests.WaitForEverySuccessAsync(started.AddMinutes(-10), TimeSpan.FromSeconds(60));

        var outageStarted = DateTimeOffset.UtcNow;
        await down.StopAsync();
        // Positive signals that both kinds of traffic ran into the outage: a 503 to a client, a retried MQTT hand-off.
        await requests.WaitForAsync(a => a.IsUnavailable, outageStarted, TimeSpan.FromSeconds(90), $"a client gets 503/504 while {outage} is down");
        await Eventually.TrueAsync(() => HandOffFailures(gateway).Any(), TimeSpan.FromSeconds(90), $"the MQTT bridge fails to hand a chunk over while {outage} is down");
        await down.StartAsync();
        var restarted = DateTimeOffset.UtcNow;
        await requests.WaitForEverySuccessAsync(restarted, TimeSpan.FromSeconds(120));
        await cameras.StopAsync();
        await requests.StopAsync();

        // What clients saw meanwhile: success, or a 503/504 problem with Retry-After; never a 500 or no answer.
        var answers = requests.Answers.ToList();
        var refused = answers.Where(a => !a.IsSuccess).ToList();
        Assert.All(refused, answer =>
        {
            Assert.True(answer.IsUnavailable, $"only 503/504 while {outage} is down: {answer}");
            Assert.Equal("5", answer.RetryAfter);
            Assert.Equal("application/problem+json", answer.ContentType);
            using var problem = JsonDocument.Parse(answer.Body);
            Assert.Equal((int)answer.Status!, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains(problem.RootElement.GetProperty("title").GetString(), new[] { "Service unavailable", "Gateway timeout" });
        });
        // A call fails fast and says which store is down (Redis commands are not queued while its connection is down).
        var named = outage == "redis" ? "Redis is not reachable" : "The database is not reachable";
        Assert.Contains(refused, a => a.At >= outageStarted && a.At <= restarted.AddSeconds(30) && a.Body.Contains(named, StringComparison.Ordinal));

        // Everything answered 2xx is stored, and readable with the bytes that were sent.
        await AcknowledgedWork.AssertStoredAsync(http, answers, jpeg);

        // Every image the cameras published is stored exactly once; the bridge said why it retried and recorded no chunk as lost.
        foreach (var (camera, images) in cameras.Published)
        {
            var stored = await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, camera, images.Length, TimeSpan.FromSeconds(120));
            Assert.Equal(images.Select(CaptureSessionTests.Sha256).Order(), stored.Select(r => r.Sha256).Order());
        }
        // Each failed attempt names why: the store that is down, or (an attempt outlasting Mqtt:HandOffAttemptTimeout, a silo
        // failing over meanwhile) timeout or cluster. Without PostgreSQL the store is named; without Redis, whose client
        // queues commands until its own timeout, an attempt usually gives up first (timeout).
        var store = outage == "redis" ? StoreUnavailableException.Redis : StoreUnavailableException.Database;
        var handOffCause = outage == "redis" ? $"({store}|timeout)" : store;
        var failures = HandOffFailures(gateway).ToList();
        Assert.All(failures, line => Assert.True(Regex.IsMatch(line, $@"cause ({store}|timeout|cluster)\)"), line));
        Assert.Contains(failures, line => Regex.IsMatch(line, $@"cause {handOffCause}\)"));
        Assert.Matches($@"(?m)^ingest_mqtt_handoff_failures_total\{{[^}}]*cause=""{handOffCause}""[^}}]*\}} [1-9]", await http.GetStringAsync("metrics"));
        Assert.DoesNotContain("CodecNotFoundException", gateway.Log(), StringComparison.Ordinal);
        using var deadLetters = JsonDocument.Parse(await http.GetStringAsync("api/admin/dead-letters"));
        Assert.Equal(0, deadLetters.RootElement.GetProperty("total").GetInt32());
    }

    private static IEnumerable<string> HandOffFailures(ProductProcess gateway) =>
        gateway.Log().Split('\n').Where(line => line.Contains("not handed to the cluster", StringComparison.Ordinal));
}
