using System.Globalization;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Runtime.Database;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;
using IngestionCluster.Tests.Telemetry;

namespace IngestionCluster.Tests.Mqtt.Bridge;

[Collection(HeavyTestsCollection.Name)]
public sealed class GatewayProcessCrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Sums a metric's samples from a process's Prometheus endpoint.</summary>
    internal static async Task<double> ScrapeAsync(ProductProcess process, string metric)
    {
        using var http = new HttpClient { BaseAddress = process.BaseAddress };
        var text = await http.GetStringAsync("metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && (line.Length == metric.Length || line[metric.Length] is ' ' or '{'))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_gateway_killed_before_its_pubacks_gets_the_chunks_again_and_no_image_is_stored_twice()
    {
        var mosquitto = await TestServers.Mosquitto;
        var settings = await ClusterSettings.CreateAsync("gw-crash");
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
            ["Mqtt__MaxInFlight"] = "64",
            ["Auth__Enabled"] = "false",
        };
        await using var database = RuntimeDatabase.Create(new DatabaseOptions { ConnectionString = settings["Db__ConnectionString"] }, DatabaseProvider.Postgres, string.Empty);
        var metadata = new MetadataStore(database, TimeProvider.System);
        var gateway = await ProductProcess.StartGatewayAsync("gateway", gatewaySettings);
        try
        {
            await using var publisher = await MqttBridgeTests.PublisherAsync(mosquitto);
            var pool = new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize };
            const int cameras = 8;
            var published = 0;
            // Every camera publishes at once, as cameras do, so many chunks are in flight in the gateway at any moment.
            var publishing = Task.WhenAll(Enumerable.Range(0, cameras).Select(c => Task.Run(async () =>
            {
                foreach (var chunk in Chunks.Split(pool[c % pool.Length], 15, $"gw-cam-{c}"))
                {
                    await publisher.PublishAsync($"{topicRoot}/{chunk.CameraId}/image_json",
                        System.Text.Encoding.UTF8.GetBytes(MqttBridgeTests.ChunkJson(chunk.CameraId, chunk.Index, chunk.Total, chunk.Data)));
                    Interlocked.Increment(ref published);
                }
            })));

            // Kill the gateway in the middle of the stream: chunks it handed on but did not acknowledge come again.
            await Eventually.TrueAsync(() => Volatile.Read(ref published) >= cameras * 15 / 2, TimeSpan.FromSeconds(60), "half the chunks are published");
            await gateway.KillAsync();
            await publishing;
            await gateway.DisposeAsync();
            gateway = await ProductProcess.StartGatewayAsync("gateway-restarted", gatewaySettings);

            for (var c = 0; c < cameras; c++)
            {
                var stored = await CaptureSessionTests.WaitForImagesAsync(metadata, $"gw-cam-{c}", 1, TimeSpan.FromSeconds(60));
                Assert.Equal(CaptureSessionTests.Sha256(pool[c % pool.Length]), stored[0].Sha256);
            }
            await Task.Delay(3000);
            var duplicates = 0.0;
            foreach (var silo in silos)
            {
                duplicates += await ScrapeAsync(silo, "ingest_chunks_duplicate_total");
            }
            output.WriteLine($"duplicate chunks seen by the silos after the gateway restart: {duplicates}");
            foreach (var silo in silos)
            {
                using var http = new HttpClient { BaseAddress = silo.BaseAddress };
                foreach (var line in (await http.GetStringAsync("metrics")).Split('\n').Where(l => l.StartsWith("ingest_chunks", StringComparison.Ordinal)))
                {
                    output.WriteLine(line);
                }
            }
            for (var c = 0; c < cameras; c++)
            {
                Assert.Single(await CaptureSessionTests.ImagesAsync(metadata, $"gw-cam-{c}"));
                Assert.Empty(await metadata.ListStaleSessionsAsync($"gw-cam-{c}", CancellationToken.None));
            }
        }
        finally
        {
            await gateway.DisposeAsync();
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
