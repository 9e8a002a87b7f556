using System.Diagnostics;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Bridge;

/// <summary>
/// Two gateways share the cameras' subscription (<c>Mqtt__BridgeMode=Shared</c>). The broker keeps a dead member's session and goes on queueing
/// its share of the group's messages there (Mosquitto does), so a gateway that dies and stays away must not keep
/// half of every image from arriving.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class GatewayGroupTests(ITestOutputHelper output)
{
    private const int Cameras = 6;
    private static readonly byte[][] _pool = [SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize];

    [Fact]
    public async Task A_gateway_killed_or_stopped_for_good_has_its_session_drained_by_the_other_one_and_rejoins_when_it_returns()
    {
        var mosquitto = await TestServers.Mosquitto;
        var topicRoot = $"group{Guid.NewGuid().ToString("N")[..8]}";
        await using var cluster = await ProcessCluster.StartAsync("gw-group", silos: 1, gateways: 0);
        var gatewaySettings = GatewaySettings(cluster, mosquitto, topicRoot);
        var stays = await StartGatewayAsync("stays", gatewaySettings, topicRoot);
        var dies = await StartGatewayAsync("dies", gatewaySettings, topicRoot);
        try
        {
            await PublishRoundAsync(mosquitto, topicRoot, 0);
            await WaitForRoundAsync(cluster, 0);
            Assert.True(await GatewayProcessCrashTests.ScrapeAsync(dies, "ingest_mqtt_chunks_received_total") > 0, "both gateways take part in the group");

            // Killed while the next images are being published, and not started again.
            var publishing = PublishRoundAsync(mosquitto, topicRoot, 1, pause: TimeSpan.FromMilliseconds(400));
            await Task.Delay(TimeSpan.FromSeconds(1));
            await dies.KillAsync();
            await publishing;
            await PublishRoundAsync(mosquitto, topicRoot, 2);
            // Without adoption half of these chunks would wait in the dead gateway's session until it came back.
            await WaitForRoundAsync(cluster, 2, TimeSpan.FromSeconds(45));
            await Eventually.TrueAsync(async () => await GatewayProcessCrashTests.ScrapeAsync(stays, "ingest_mqtt_peer_sessions_adopted_total") >= 1,
                TimeSpan.FromSeconds(20), "the live gateway adopted the dead one's session and ended it");
            foreach (var line in stays.Log().Split('\n').Where(line => line.Contains("MQTT", StringComparison.Ordinal)))
            {
                output.WriteLine(line);
            }
            Assert.Contains("drained", stays.Log(), StringComparison.Ordinal);

            // Back under its own client id: it joins the group again and gets its share.
            await dies.DisposeAsync();
            dies = await StartGatewayAsync("dies", gatewaySettings, topicRoot, name: "dies-restarted");
            await PublishRoundAsync(mosquitto, topicRoot, 3);
            await WaitForRoundAsync(cluster, 3);
            var received = await GatewayProcessCrashTests.ScrapeAsync(dies, "ingest_mqtt_chunks_received_total");
            output.WriteLine($"chunks the restarted gateway received: {received}");
            Assert.True(received > 0, "the returning gateway subscribed again and gets its share");

            // A gateway taken out of service (stopped, not killed) withdraws its heartbeat: the other one takes its place at once.
            await stays.StopAsync();
            await PublishRoundAsync(mosquitto, topicRoot, 4);
            await WaitForRoundAsync(cluster, 4, TimeSpan.FromSeconds(45));
            await Eventually.TrueAsync(async () => await GatewayProcessCrashTests.ScrapeAsync(dies, "ingest_mqtt_peer_sessions_adopted_total") >= 1,
                TimeSpan.FromSeconds(20), "the remaining gateway adopted the stopped one's session");

            for (var c = 0; c < Cameras; c++)
            {
                var camera = CameraId(c);
                var stored = await CaptureSessionTests.ImagesAsync(cluster.Metadata, camera);
                Assert.Equal(Enumerable.Range(0, 5).Select(round => CaptureSessionTests.Sha256(Image(c, round))).Order(), stored.Select(row => row.Sha256).Order());
                Assert.Empty(await cluster.Metadata.ListStaleSessionsAsync(camera, CancellationToken.None));
            }
        }
        finally
        {
            await dies.DisposeAsync();
            await stays.DisposeAsync();
        }
    }

    [Fact]
    public async Task Gateways_that_lost_redis_for_longer_than_the_peer_timeout_do_not_adopt_each_other_when_it_is_back()
    {
        var mosquitto = await TestServers.Mosquitto;
        var topicRoot = $"groupredis{Guid.NewGuid().ToString("N")[..8]}";
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        await using var cluster = await ProcessCluster.StartAsync("gw-group-redis", silos: 1, gateways: 0, await ClusterSettings.CreateAsync("gw-group-redis", redis));
        var gatewaySettings = GatewaySettings(cluster, mosquitto, topicRoot);
        await using var first = await StartGatewayAsync("first", gatewaySettings, topicRoot);
        await using var second = await StartGatewayAsync("second", gatewaySettings, topicRoot);
        await PublishRoundAsync(mosquitto, topicRoot, 0);
        await WaitForRoundAsync(cluster, 0);

        // Every heartbeat expires while Redis is away; both gateways live on.
        await redis.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await redis.StartAsync();
        var back = Stopwatch.StartNew();
        await PublishRoundAsync(mosquitto, topicRoot, 1);
        await WaitForRoundAsync(cluster, 1, TimeSpan.FromSeconds(90));
        // Redis kept the member list (append-only file) but every heartbeat had expired. Three peer timeouts after it is
        // back, an adoption would have started: nothing else can show that none did.
        var rest = TimeSpan.FromSeconds(9) - back.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }
        await PublishRoundAsync(mosquitto, topicRoot, 2);
        await WaitForRoundAsync(cluster, 2);

        foreach (var gateway in new[] { first, second })
        {
            Assert.Equal(0, await GatewayProcessCrashTests.ScrapeAsync(gateway, "ingest_mqtt_peer_sessions_adopted_total"));
            Assert.DoesNotContain("adopting its broker session", gateway.Log(), StringComparison.Ordinal);
        }
    }

    /// <summary>Gateways of the cluster on <paramref name="mosquitto"/>, subscribed to this test's topics, with a 3 s peer timeout (or lease).</summary>
    internal static Dictionary<string, string> GatewaySettings(ProcessCluster cluster, MosquittoServer mosquitto, string topicRoot, string bridgeMode = "Shared") =>
        new(cluster.Settings)
        {
            ["Auth__Enabled"] = "false",
            ["Mqtt__BrokerUrl"] = mosquitto.BrokerUrl,
            ["Mqtt__User"] = mosquitto.User,
            ["Mqtt__Password"] = mosquitto.Password,
            ["Mqtt__Topic"] = $"{topicRoot}/+/image_json",
            ["Mqtt__BridgeMode"] = bridgeMode,
            ["Mqtt__PeerTimeout"] = "00:00:03",
        };

    private static Task<ProductProcess> StartGatewayAsync(string clientId, Dictionary<string, string> settings, string topicRoot, string? name = null) =>
        ProductProcess.StartGatewayAsync(name ?? clientId, new Dictionary<string, string>(settings) { ["Mqtt__ClientId"] = $"{topicRoot}-{clientId}" });

    private static string CameraId(int camera) => $"group-cam-{camera}";

    private static byte[] Image(int camera, int round) => _pool[(camera + round) % _pool.Length];

    private static Task PublishRoundAsync(MosquittoServer mosquitto, string topicRoot, int round, TimeSpan? pause = null) =>
        Task.WhenAll(Enumerable.Range(0, Cameras).Select(async c =>
        {
            await Task.Delay((pause ?? TimeSpan.Zero) * c);
            await MosquittoPublisher.PublishAsync(mosquitto, $"{topicRoot}/{CameraId(c)}/image_json", Chunks.Split(Image(c, round), 15, CameraId(c), $"round-{round}"));
        }));

    private static async Task WaitForRoundAsync(ProcessCluster cluster, int round, TimeSpan? timeout = null)
    {
        for (var c = 0; c < Cameras; c++)
        {
            await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, CameraId(c), round + 1, timeout ?? TimeSpan.FromSeconds(60));
        }
    }
}
