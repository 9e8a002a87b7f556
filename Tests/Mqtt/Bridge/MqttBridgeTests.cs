using System.Diagnostics;
using System.Text;
using System.Text.Json;
using IngestionCluster.Gateway.Mqtt.Bridge;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Mqtt.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Bridge;

/// <summary>The bridge against a real Mosquitto, in front of the product's grains.</summary>
public sealed class MqttBridgeTests
{
    [Fact]
    public async Task A_15_chunk_image_published_with_mosquitto_pub_is_stored_once_with_its_sha256()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var topicRoot = Unique("site");
        await using var bridge = await StartBridgeAsync(product, BridgeOptions(mosquitto, topicRoot));

        var image = SharedJpegs.Samples.TestCard;
        var lines = Chunks.Split(image, 15, "Haas_Pit_1").Select(c => ChunkJson(c.CameraId, c.Index, c.Total, c.Data));
        await MosquittoPubLinesAsync(mosquitto, $"{topicRoot}/Haas_Pit_1/image_json", lines);

        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "Haas_Pit_1", 1);
        Assert.Equal(CaptureSessionTests.Sha256(image), Assert.Single(stored).Sha256);
        Assert.Equal(ImageSource.Mqtt, stored[0].Source);
        Assert.Equal(15, bridge.Accepted);
    }

    [Fact]
    public async Task Malformed_payloads_are_counted_and_acknowledged_and_other_cameras_are_unaffected()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var topicRoot = Unique("site");
        await using var bridge = await StartBridgeAsync(product, BridgeOptions(mosquitto, topicRoot));
        await using var publisher = await PublisherAsync(mosquitto);

        var bad = new (string Topic, string Payload)[]
        {
            ($"{topicRoot}/cam-a/image_json", "this is not json"),
            ($"{topicRoot}/cam-a/image_json", """{"id":"cam-a","index":0,"total":3}"""),
            ($"{topicRoot}/cam-a/image_json", """{"id":"cam-a","index":"x","total":3,"data":"AA=="}"""),
            ($"{topicRoot}/cam-a/image_json", ChunkJson("cam-b", 0, 3, [0, 0, 0])),
            ($"{topicRoot}/bad id/image_json", ChunkJson("bad id", 0, 3, [0, 0, 0])),
            ($"{topicRoot}/cam-a/image_json", """{"id":"cam-a","index":0,"total":3,"data":"%%%"}"""),
        };
        foreach (var (topic, payload) in bad)
        {
            await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes(payload));
        }
        foreach (var chunk in Chunks.Split(SharedJpegs.Samples.White, 6, "cam-good"))
        {
            await publisher.PublishAsync($"{topicRoot}/cam-good/image_json", Encoding.UTF8.GetBytes(ChunkJson(chunk.CameraId, chunk.Index, chunk.Total, chunk.Data)));
        }

        await CaptureSessionTests.WaitForImagesAsync(product, "cam-good", 1);
        await Eventually.TrueAsync(() => bridge.Rejections.Values.Sum() == 6, TimeSpan.FromSeconds(10), "all six bad messages are counted");
        Assert.Equal(1, bridge.Rejections[BridgeRejection.NotJson]);
        Assert.Equal(1, bridge.Rejections[BridgeRejection.MissingField]);
        Assert.Equal(1, bridge.Rejections[BridgeRejection.InvalidField]);
        Assert.Equal(1, bridge.Rejections[BridgeRejection.TopicMismatch]);
        Assert.Equal(1, bridge.Rejections[BridgeRejection.InvalidCameraId]);
        Assert.Equal(1, bridge.Rejections[BridgeRejection.InvalidBase64]);
        Assert.Equal(MqttConnectionState.Connected, bridge.State);
        Assert.Empty(await CaptureSessionTests.ImagesAsync(product, "cam-a"));
    }

    [Fact]
    public async Task After_a_broker_restart_the_bridge_resubscribes_and_every_image_arrives_exactly_once()
    {
        await using var mosquitto = await TestServers.StartPrivateAsync<MosquittoServer>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var topicRoot = Unique("site");
        await using var bridge = await StartBridgeAsync(product, BridgeOptions(mosquitto, topicRoot));
        await using var publisher = await PublisherAsync(mosquitto);
        var images = new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize };

        await PublishImageAsync(publisher, topicRoot, "cam-r", images[0], "before-1");
        await PublishImageAsync(publisher, topicRoot, "cam-r", images[1], "before-2");
        await mosquitto.StopAsync();
        // Published while the broker is down: the publisher resends once it is back.
        var during = PublishImageAsync(publisher, topicRoot, "cam-r", images[2], "during");
        await Task.Delay(1500);
        await mosquitto.StartAsync();
        await during;
        await PublishImageAsync(publisher, topicRoot, "cam-r", images[3], "after");

        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "cam-r", 4, TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        stored = await CaptureSessionTests.ImagesAsync(product, "cam-r");
        Assert.Equal(images.Select(CaptureSessionTests.Sha256).Order(), stored.Select(s => s.Sha256).Order());
        Assert.True(bridge.Statistics.Snapshot().Reconnects >= 1);
    }

    [Fact]
    public async Task Two_bridges_with_a_shared_subscription_split_the_load_and_handle_every_chunk_once()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var topicRoot = Unique("site");
        var group = Unique("gateways");
        await using var first = await StartBridgeAsync(product, BridgeOptions(mosquitto, topicRoot, sharedGroup: group));
        await using var second = await StartBridgeAsync(product, BridgeOptions(mosquitto, topicRoot, sharedGroup: group));
        await using var publisher = await PublisherAsync(mosquitto);

        const int cameras = 6;
        for (var c = 0; c < cameras; c++)
        {
            await PublishImageAsync(publisher, topicRoot, $"cam-s{c}", SharedJpegs.Samples.VgaTestCard, imageId: null, total: 10);
        }

        for (var c = 0; c < cameras; c++)
        {
            var stored = await CaptureSessionTests.WaitForImagesAsync(product, $"cam-s{c}", 1);
            Assert.Single(stored);
        }
        await Eventually.TrueAsync(() => first.Accepted + second.Accepted == cameras * 10, TimeSpan.FromSeconds(10), "every chunk is handled");
        Assert.True(first.Accepted > 0 && second.Accepted > 0, $"load not split: {first.Accepted} / {second.Accepted}");
    }

    [Fact]
    public async Task A_wrong_password_gives_a_clear_error_and_retries_with_backoff_without_crashing()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var logs = new CollectingLoggerFactory();
        var options = BridgeOptions(mosquitto, Unique("site"));
        options.Password = "wrong-password";
        options.ReconnectInitialDelay = TimeSpan.FromMilliseconds(200);
        options.ReconnectMaxDelay = TimeSpan.FromSeconds(2);
        await using var bridge = new MqttBridge(options, product.Cluster.Client, logs, TimeProvider.System);
        await bridge.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => bridge.Statistics.Snapshot().ConnectFailures >= 3, TimeSpan.FromSeconds(20), "it keeps retrying");
        // Mosquitto answers a wrong password with CONNACK 5 (not authorized); other brokers use 4.
        Assert.Contains(logs.Lines, l => l.Contains("broker refused the connection", StringComparison.OrdinalIgnoreCase)
            && (l.Contains("not authorized", StringComparison.OrdinalIgnoreCase) || l.Contains("bad user name or password", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("wrong-password", StringComparison.Ordinal));
        Assert.NotEqual(MqttConnectionState.Connected, bridge.State);
    }

    internal static MqttOptions BridgeOptions(MosquittoServer mosquitto, string topicRoot, string? sharedGroup = null)
    {
        var options = MosquittoTestOptions.For(mosquitto, clientId: Unique("bridge"), cleanSession: false);
        options.Topic = $"{topicRoot}/+/image_json";
        options.SharedGroup = sharedGroup;
        return options;
    }

    internal static async Task<MqttBridge> StartBridgeAsync(ProductCluster product, MqttOptions options)
    {
        var bridge = new MqttBridge(options, product.Cluster.Client, NullLoggerFactory.Instance, TimeProvider.System);
        await bridge.StartAsync(CancellationToken.None);
        using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await bridge.WaitUntilConnectedAsync(connected.Token);
        return bridge;
    }

    internal static async Task<ResilientMqttClient> PublisherAsync(MosquittoServer mosquitto)
    {
        var publisher = new ResilientMqttClient(MosquittoTestOptions.For(mosquitto, clientId: Unique("camera")), null, NullLogger<ResilientMqttClient>.Instance);
        await publisher.StartAsync();
        return publisher;
    }

    internal static async Task PublishImageAsync(ResilientMqttClient publisher, string topicRoot, string cameraId, byte[] image, string? imageId, int total = 15)
    {
        foreach (var chunk in Chunks.Split(image, total, cameraId, imageId))
        {
            var json = JsonSerializer.Serialize(new { id = chunk.CameraId, index = chunk.Index, total = chunk.Total, data = chunk.Data, image_id = chunk.ImageId });
            await publisher.PublishAsync($"{topicRoot}/{cameraId}/image_json", Encoding.UTF8.GetBytes(json));
        }
    }

    internal static string ChunkJson(string id, int index, int total, byte[] data) =>
        JsonSerializer.Serialize(new { id, index, total, data = Convert.ToBase64String(data) });

    internal static string Unique(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..8]}";

    private static async Task MosquittoPubLinesAsync(MosquittoServer mosquitto, string topic, IEnumerable<string> lines)
    {
        var psi = new ProcessStartInfo(RequiredBinary.Find("mosquitto_pub", "mosquitto-clients"))
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", mosquitto.Host, "-p", mosquitto.PortText, "-u", mosquitto.User, "-P", mosquitto.Password, "-t", topic, "-q", "1", "-l" })
        {
            psi.ArgumentList.Add(argument);
        }
        using var process = Process.Start(psi)!;
        foreach (var line in lines)
        {
            await process.StandardInput.WriteLineAsync(line);
        }
        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"mosquitto_pub failed: {error}");
    }
}
