using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Mqtt.Bridge;

/// <summary>The one-process standalone mode (SQLite, local folder) killed with SIGKILL in the middle of images.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class StandaloneProcessCrashTests
{
    private const int Cameras = 4;
    private const int Chunks = 15;
    private const int BeforeKill = 8;
    private static readonly byte[][] _pool = [SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize];

    [Fact]
    public async Task Chunks_acknowledged_before_a_kill_are_kept_in_the_data_folder_and_complete_their_images_after_a_restart()
    {
        var mosquitto = await TestServers.Mosquitto;
        using var data = new TempDirectory("standalone-crash");
        var topicRoot = $"standalone{Guid.NewGuid().ToString("N")[..8]}";
        var settings = new Dictionary<string, string>
        {
            ["Data__Dir"] = data.Combine("data"),
            ["Auth__Enabled"] = "false",
            ["Mqtt__BrokerUrl"] = mosquitto.BrokerUrl,
            ["Mqtt__User"] = mosquitto.User,
            ["Mqtt__Password"] = mosquitto.Password,
            ["Mqtt__ClientId"] = $"{topicRoot}-standalone",
            ["Mqtt__Topic"] = $"{topicRoot}/+/image_json",
        };
        var process = await ProductProcess.StartAsync("Silo", "standalone", settings);
        try
        {
            await PublishAsync(mosquitto, topicRoot, chunk => chunk.Index < BeforeKill);
            // Staged and acknowledged: the bridge accepted them all and holds none unacknowledged.
            await Eventually.TrueAsync(async () => await GatewayProcessCrashTests.ScrapeAsync(process, "ingest_mqtt_chunks_accepted_total") == Cameras * BeforeKill
                    && await GatewayProcessCrashTests.ScrapeAsync(process, "ingest_mqtt_chunks_in_flight") == 0,
                TimeSpan.FromSeconds(60), "every chunk published before the kill was staged and acknowledged");

            await process.KillAsync();
            await process.DisposeAsync();
            process = await ProductProcess.StartAsync("Silo", "standalone-restarted", settings);
            await PublishAsync(mosquitto, topicRoot, chunk => chunk.Index >= BeforeKill);

            using var http = new HttpClient { BaseAddress = process.BaseAddress };
            for (var c = 0; c < Cameras; c++)
            {
                var images = await WaitForImagesAsync(http, CameraId(c));
                var image = Assert.Single(images);
                Assert.Equal(CaptureSessionTests.Sha256(_pool[c]), image.GetProperty("sha256").GetString());
            }
            // The broker delivered only what was published after the kill: the first chunks came back from the data folder.
            Assert.Equal(Cameras * (Chunks - BeforeKill), await GatewayProcessCrashTests.ScrapeAsync(process, "ingest_mqtt_chunks_received_total"));
        }
        finally
        {
            await process.DisposeAsync();
        }
    }

    private static string CameraId(int camera) => $"standalone-cam-{camera}";

    private static Task PublishAsync(MosquittoServer mosquitto, string topicRoot, Func<ImageChunk, bool> which) =>
        Task.WhenAll(Enumerable.Range(0, Cameras).Select(c => MosquittoPublisher.PublishAsync(mosquitto, $"{topicRoot}/{CameraId(c)}/image_json",
            Grains.Chunks.Split(_pool[c], Chunks, CameraId(c), "shot-1").Where(which))));

    private static async Task<List<JsonElement>> WaitForImagesAsync(HttpClient http, string camera)
    {
        var images = new List<JsonElement>();
        await Eventually.TrueAsync(async () =>
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync($"api/v1/images?camera_id={camera}"));
            images = [.. page.RootElement.GetProperty("images").EnumerateArray().Select(item => item.Clone())];
            return images.Count > 0;
        }, TimeSpan.FromSeconds(60), $"the image of {camera} is stored");
        return images;
    }
}
