using System.Globalization;
using System.Text;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Storage.Database;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Bridge;

[Collection(HeavyTestsCollection.Name)]
public sealed class GatewayProcessCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_gateway_killed_before_its_pubacks_gets_the_chunks_again_and_no_image_is_stored_twice()
    {
        var mosquitto = await TestServers.Mosquitto;
        // A private Redis, because the test freezes it to hold the chunks' staging (and so their PUBACKs) in flight.
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        var settings = await ClusterSettings.CreateAsync("gw-crash", redis);
        var silos = await Task.WhenAll(ProductProcess.StartSiloAsync("silo-1", settings), ProductProcess.StartSiloAsync("silo-2", settings));
        var topicRoot = MqttBridgeTests.Unique("site");
        var gatewaySettings = new Dictionary<string, string>(settings)
        {
            ["Mqtt__BrokerUrl"] = mosquitto.BrokerUrl,
            ["Mqtt__User"] = mosquitto.User,
            ["Mqtt__Password"] = mosquitto.Password,
            // The same client id after the restart resumes the persistent session and its unacknowledged messages.
            ["Mqtt__ClientId"] = MqttBridgeTests.Unique("gateway"),
            ["Mqtt__Topic"] = $"{topicRoot}/+/image_json",
            ["Mqtt__MaxInFlight"] = "100",
            ["Auth__Enabled"] = "false",
        };
        await using var database = IngestDatabase.Create(new DatabaseOptions { ConnectionString = settings["Db__ConnectionString"] }, DatabaseProvider.Postgres, string.Empty);
        var metadata = new MetadataStore(database, TimeProvider.System);
        var gateway = await ProductProcess.StartGatewayAsync("gateway", gatewaySettings);
        try
        {
            await using var publisher = await MqttPublisher.ConnectAsync(mosquitto);
            var pool = new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize };

            // Normal operation first.
            await PublishCamerasAsync(publisher, topicRoot, pool, 0, 4);
            for (var c = 0; c < 4; c++)
            {
                await CaptureSessionTests.WaitForImagesAsync(metadata, $"gw-cam-{c}", 1, TimeSpan.FromSeconds(60));
            }

            // With Redis frozen, the gateway receives chunks and hands them on but no session can stage them: no PUBACK goes out.
            redis.Suspend();
            await PublishCamerasAsync(publisher, topicRoot, pool, 4, 8);
            await Eventually.TrueAsync(async () => await ScrapeAsync(gateway, "ingest_mqtt_chunks_received_total") >= 120, TimeSpan.FromSeconds(30),
                "the gateway received every chunk");
            await gateway.KillAsync();
            redis.Resume();
            await gateway.DisposeAsync();
            gateway = await ProductProcess.StartGatewayAsync("gateway-restarted", gatewaySettings);

            for (var c = 0; c < 8; c++)
            {
                var stored = await CaptureSessionTests.WaitForImagesAsync(metadata, $"gw-cam-{c}", 1, TimeSpan.FromSeconds(90));
                Assert.Equal(CaptureSessionTests.Sha256(pool[c % pool.Length]), stored[0].Sha256);
            }
            // A marker behind the redeliveries: each camera's next image, in the same per-camera order. Once it is
            // stored, the redelivered chunks ahead of it have been handled; they must not have made an image of their own.
            await PublishCamerasAsync(publisher, topicRoot, pool, 0, 8, next: 1);
            for (var c = 0; c < 8; c++)
            {
                var stored = await CaptureSessionTests.WaitForImagesAsync(metadata, $"gw-cam-{c}", 2, TimeSpan.FromSeconds(90));
                Assert.Equal(new[] { pool[c % pool.Length], pool[(c + 1) % pool.Length] }.Select(CaptureSessionTests.Sha256).Order(),
                    stored.Select(r => r.Sha256).Order());
                Assert.Empty(await metadata.ListStaleSessionsAsync($"gw-cam-{c}", CancellationToken.None));
            }
            var duplicates = 0.0;
            foreach (var silo in silos)
            {
                duplicates += await ScrapeAsync(silo, "ingest_chunks_duplicate_total");
            }
            output.WriteLine($"chunks the silos saw twice: {duplicates}");
            Assert.True(duplicates > 0, "the broker redelivered chunks the killed gateway had already handed on");
        }
        finally
        {
            redis.Resume();
            await gateway.DisposeAsync();
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <param name="next">0 for each camera's first image, 1 for its second.</param>
    private static Task PublishCamerasAsync(MqttPublisher publisher, string topicRoot, byte[][] pool, int from, int to, int next = 0) =>
        Task.WhenAll(Enumerable.Range(from, to - from).Select(c => Task.Run(async () =>
        {
            foreach (var chunk in Chunks.Split(pool[(c + next) % pool.Length], 15, $"gw-cam-{c}"))
            {
                await publisher.PublishAsync($"{topicRoot}/{chunk.CameraId}/image_json",
                    Encoding.UTF8.GetBytes(MqttBridgeTests.ChunkJson(chunk.CameraId, chunk.Index, chunk.Total, chunk.Data)));
            }
        })));

    /// <summary>Sums a metric's samples from a process's Prometheus endpoint.</summary>
    internal static async Task<double> ScrapeAsync(ProductProcess process, string metric)
    {
        using var http = new HttpClient { BaseAddress = process.BaseAddress };
        var text = await http.GetStringAsync("metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && (line.Length == metric.Length || line[metric.Length] is ' ' or '{'))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
