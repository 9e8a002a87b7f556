using System.Diagnostics;
using System.Text;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Bridge;

/// <summary>
/// Cluster mode's default bridge: one gateway subscribes (it holds a lease in Redis), the others stand by. Cameras that
/// send no <c>image_id</c> are told apart only by the order of their chunks, which a subscription shared between gateways
/// does not keep; with one subscriber their images come out whole, also across a killed leader, a Redis outage, a
/// leader taken out of service and a lease lost to another holder.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class BridgeLeaderTests(ITestOutputHelper output)
{
    private const int Cameras = 6;
    private const int ImagesPerRound = 8;
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(90);
    private static readonly byte[][] _pool = [SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize];

    [Fact]
    public async Task One_gateway_leads_the_others_stand_by_and_images_without_image_id_come_out_whole_across_a_kill_a_redis_outage_and_a_stop()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        var topicRoot = $"leader{Guid.NewGuid().ToString("N")[..8]}";
        await using var cluster = await ProcessCluster.StartAsync("gw-leader", silos: 1, gateways: 0, await ClusterSettings.CreateAsync("gw-leader", redis));
        var settings = GatewayGroupTests.GatewaySettings(cluster, mosquitto, topicRoot, "Leader");
        // The broker is shared with other tests: a client id of this test's own, the same for both gateways.
        settings["Mqtt__ClientId"] = $"{topicRoot}-bridge";
        var first = await ProductProcess.StartGatewayAsync("leader-first", settings);
        ProductProcess? second = null;
        try
        {
            await WaitForMetricAsync(first, "ingest_mqtt_connected", 1, "the first gateway takes the lease and subscribes");
            second = await ProductProcess.StartGatewayAsync("leader-second", settings);
            await WaitForMetricAsync(second, "ingest_mqtt_standby", 1, "the second gateway stands by");

            await PublishRoundAsync(mosquitto, topicRoot, 0);
            await WaitForRoundAsync(cluster, 0);
            Assert.Equal(0, await GatewayProcessCrashTests.ScrapeAsync(second, "ingest_mqtt_chunks_received_total"));

            // The leader is killed while a round is published: the standby takes the session over with what it holds.
            var publishing = PublishRoundAsync(mosquitto, topicRoot, 1);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await first.KillAsync();
            await publishing;
            await WaitForMetricAsync(second, "ingest_mqtt_connected", 1, "the standby leads once the killed leader's lease lapsed");
            await WaitForRoundAsync(cluster, 1);
            output.WriteLine($"chunks the silo saw again after the kill: {await GatewayProcessCrashTests.ScrapeAsync(cluster.Silos[0], "ingest_chunks_duplicate_total")}");
            await first.DisposeAsync();
            first = await ProductProcess.StartGatewayAsync("leader-first-again", settings);
            await WaitForMetricAsync(first, "ingest_mqtt_standby", 1, "the restarted gateway stands by");

            // Redis away for longer than half the lease: the leader gives the subscription up, the broker keeps the messages.
            await redis.StopAsync();
            await WaitForMetricAsync(second, "ingest_mqtt_standby", 1, "the leader steps down while it cannot renew its lease");
            await PublishRoundAsync(mosquitto, topicRoot, 2);
            await redis.StartAsync();
            await Eventually.TrueAsync(async () => await ConnectedAsync(first) + await ConnectedAsync(second) == 1, _patience, "one gateway leads again once Redis is back");
            await WaitForRoundAsync(cluster, 2);

            // The leader taken out of service hands over at once.
            var (leader, standby) = await ConnectedAsync(first) == 1 ? (first, second) : (second, first);
            await leader.StopAsync();
            await WaitForMetricAsync(standby, "ingest_mqtt_connected", 1, "the standby leads after the leader stopped");
            Assert.Contains("released its lease", leader.Log(), StringComparison.Ordinal);
            await PublishRoundAsync(mosquitto, topicRoot, 3);
            await WaitForRoundAsync(cluster, 3);

            // The lease lost to another holder (a Redis failover that lost the key, a gateway paused for too long): the
            // leader lets go and does not connect again, and the next one leads once that holder's lease lapses.
            await using (var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
            {
                var key = $"{settings["Redis__KeyPrefix"]}mqtt-bridge:{MqttBrokerAddress.Parse(mosquitto.BrokerUrl)}|{settings["Mqtt__ClientId"]}:leader";
                Assert.True(await multiplexer.GetDatabase().KeyExistsAsync(key), $"the lease is kept under {key}");
                await multiplexer.GetDatabase().StringSetAsync(key, "intruder", TimeSpan.FromSeconds(4));
            }
            await WaitForMetricAsync(standby, "ingest_mqtt_standby", 1, "the leader lets go of a lease another holds");
            Assert.Contains("another gateway holds the lease", standby.Log(), StringComparison.Ordinal);
            await WaitForMetricAsync(standby, "ingest_mqtt_connected", 1, "it leads again once the other holder's lease lapsed");
            await PublishRoundAsync(mosquitto, topicRoot, 4);
            await WaitForRoundAsync(cluster, 4);

            foreach (var line in standby.Log().Split('\n').Where(line => line.Contains("MQTT bridge:", StringComparison.Ordinal)))
            {
                output.WriteLine(line);
            }
            for (var c = 0; c < Cameras; c++)
            {
                var camera = CameraId(c);
                var expected = Enumerable.Range(0, 5).SelectMany(round => Enumerable.Range(0, ImagesPerRound).Select(i => CaptureSessionTests.Sha256(Image(c, round, i))));
                var stored = await CaptureSessionTests.ImagesAsync(cluster.Metadata, camera);
                // Exactly the published images: a mixed one would have a digest of its own and leave its parts' images incomplete.
                Assert.Equal(expected.Order(), stored.Select(row => row.Sha256).Order());
                Assert.Empty(await cluster.Metadata.ListStaleSessionsAsync(camera, CancellationToken.None));
            }
        }
        catch
        {
            foreach (var process in new[] { first, second }.Concat(cluster.Silos))
            {
                output.WriteLine($"--- {process?.Name}");
                foreach (var line in (process?.Log() ?? string.Empty).Split('\n').Where(line => line.Contains("warn", StringComparison.OrdinalIgnoreCase) || line.Contains("MQTT", StringComparison.Ordinal)).TakeLast(80))
                {
                    output.WriteLine(line);
                }
            }
            throw;
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_gateway_alone_that_let_go_of_an_unreachable_broker_leads_again_soon_after_the_broker_is_back()
    {
        await using var mosquitto = await TestServers.StartPrivateAsync<MosquittoServer>();
        var topicRoot = $"lone{Guid.NewGuid().ToString("N")[..8]}";
        await using var cluster = await ProcessCluster.StartAsync("gw-lone", silos: 1, gateways: 0, await ClusterSettings.CreateAsync("gw-lone"));
        await using var gateway = await ProductProcess.StartGatewayAsync("lone-leader", GatewayGroupTests.GatewaySettings(cluster, mosquitto, topicRoot, "Leader"));
        await WaitForMetricAsync(gateway, "ingest_mqtt_connected", 1, "the gateway takes the lease and subscribes");
        await PublishRoundAsync(mosquitto, topicRoot, 0);
        await WaitForRoundAsync(cluster, 0);

        await mosquitto.StopAsync();
        await Eventually.TrueAsync(() => gateway.Log().Contains("it has not reached the broker for", StringComparison.Ordinal), _patience,
            "the leader lets go of the lease after a lease lifetime without the broker");
        await mosquitto.StartAsync();
        var back = Stopwatch.StartNew();
        await WaitForMetricAsync(gateway, "ingest_mqtt_connected", 1, "the gateway, alone, takes the lease back and reconnects");
        output.WriteLine($"connected again {back.Elapsed.TotalSeconds:0.0} s after the broker was back");

        // What cameras publish now arrives.
        await PublishRoundAsync(mosquitto, topicRoot, 1);
        await WaitForRoundAsync(cluster, 1);
        Assert.Equal(1, await GatewayProcessCrashTests.ScrapeAsync(gateway, "ingest_mqtt_connected"));
    }

    private static async Task<double> ConnectedAsync(ProductProcess gateway) =>
        await GatewayProcessCrashTests.ScrapeAsync(gateway, "ingest_mqtt_connected");

    private static Task WaitForMetricAsync(ProductProcess gateway, string metric, double value, string what) =>
        Eventually.TrueAsync(async () => await GatewayProcessCrashTests.ScrapeAsync(gateway, metric) == value, TimeSpan.FromSeconds(30), what);

    private static string CameraId(int camera) => $"leader-cam-{camera}";

    /// <summary>
    /// A JPEG of its own per camera, round and image: a comment segment after the start marker, whose length shifts the bytes
    /// after it, gives every image a digest of its own, so an image put together from parts of others cannot go unnoticed.
    /// The uniform white images still repeat whole chunks at the same index from image to image, as a static scene does:
    /// only the packet id tells a redelivered repeat of those from a new chunk.
    /// </summary>
    internal static byte[] Image(int camera, int round, int image)
    {
        var baseImage = _pool[(camera + round + image) % _pool.Length];
        var text = Encoding.ASCII.GetBytes($"camera {camera} round {round} image {image}".PadRight(40 + (camera * 31 + round * 7 + image) % 97));
        var comment = new byte[4 + text.Length];
        comment[0] = 0xFF;
        comment[1] = 0xFE;
        comment[2] = (byte)((text.Length + 2) >> 8);
        comment[3] = (byte)(text.Length + 2);
        text.CopyTo(comment, 4);
        return [.. baseImage.AsSpan(0, 2), .. comment, .. baseImage.AsSpan(2)];
    }

    /// <summary>Each camera publishes a round's images back to back, without <c>image_id</c>, as fast as the broker takes them.</summary>
    private static Task PublishRoundAsync(MosquittoServer mosquitto, string topicRoot, int round) =>
        Task.WhenAll(Enumerable.Range(0, Cameras).Select(c => MosquittoPublisher.PublishAsync(mosquitto, $"{topicRoot}/{CameraId(c)}/image_json",
            Enumerable.Range(0, ImagesPerRound).SelectMany<int, ImageChunk>(i => Chunks.Split(Image(c, round, i), 15, CameraId(c))))));

    private static async Task WaitForRoundAsync(ProcessCluster cluster, int round)
    {
        for (var c = 0; c < Cameras; c++)
        {
            await CaptureSessionTests.WaitForImagesAsync(cluster.Metadata, CameraId(c), (round + 1) * ImagesPerRound, _patience);
        }
    }
}
