using System.Diagnostics;
using System.Text;
using System.Text.Json;
using IngestionCluster.Gateway.Mqtt.Bridge;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Mqtt.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Bridge;

/// <summary>The bridge on MQTTnet against a real Mosquitto, in front of the product's grains.</summary>
public sealed class MqttBridgeTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(MqttProtocolVersions.V5)]
    [InlineData(MqttProtocolVersions.V311)]
    public async Task A_15_chunk_image_published_with_mosquitto_pub_is_stored_once_acknowledged_and_the_password_never_logged(string protocolVersion)
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var topicRoot = Unique("site");
        var logs = new CollectingLoggerFactory(LogLevel.Trace);
        await using var bridge = await StartBridgeAsync(product, BridgeOptions(mosquitto, topicRoot, protocolVersion: protocolVersion), logs);

        var image = SharedJpegs.Samples.TestCard;
        var lines = Chunks.Split(image, 15, "Haas_Pit_1").Select(c => ChunkJson(c.CameraId, c.Index, c.Total, c.Data));
        await MosquittoPubLinesAsync(mosquitto, $"{topicRoot}/Haas_Pit_1/image_json", lines);

        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "Haas_Pit_1", 1);
        Assert.Equal(CaptureSessionTests.Sha256(image), Assert.Single(stored).Sha256);
        Assert.Equal(ImageSource.Mqtt, stored[0].Source);
        await WaitUntilIdleAsync(bridge, acknowledged: 15);
        Assert.Equal(15, bridge.Accepted);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(mosquitto.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_and_oversized_payloads_are_recorded_counted_and_acknowledged_and_other_cameras_are_unaffected()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var topicRoot = Unique("site");
        var options = BridgeOptions(mosquitto, topicRoot);
        options.MaxPacketBytes = 64 * 1024;
        await using var bridge = await StartBridgeAsync(product, options);
        await using var publisher = await MqttPublisher.ConnectAsync(mosquitto);

        var bad = new (string Topic, string Payload)[]
        {
            ($"{topicRoot}/cam-a/image_json", "this is not json"),
            ($"{topicRoot}/cam-a/image_json", """{"id":"cam-a","index":0,"total":3}"""),
            ($"{topicRoot}/cam-a/image_json", """{"id":"cam-a","index":"x","total":3,"data":"AA=="}"""),
            ($"{topicRoot}/bad id/image_json", ChunkJson("bad id", 0, 3, [0, 0, 0])),
            ($"{topicRoot}/cam-a/image_json", """{"id":"cam-a","index":0,"total":3,"data":"%%%"}"""),
            ($"{topicRoot}/cam-a/image_json", ChunkJson("cam-a", 0, 3, new byte[100_000])),
        };
        foreach (var (topic, payload) in bad)
        {
            await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes(payload));
        }
        // Good cameras go on beside them; dots inside an id are allowed (they once passed the id rules and then failed every store).
        foreach (var good in new[] { "cam-good", "cam..good" })
        {
            foreach (var chunk in Chunks.Split(SharedJpegs.Samples.White, 6, good))
            {
                await publisher.PublishAsync($"{topicRoot}/{good}/image_json", Encoding.UTF8.GetBytes(ChunkJson(chunk.CameraId, chunk.Index, chunk.Total, chunk.Data)));
            }
        }

        await CaptureSessionTests.WaitForImagesAsync(product, "cam-good", 1);
        await CaptureSessionTests.WaitForImagesAsync(product, "cam..good", 1);
        await WaitUntilIdleAsync(bridge, acknowledged: bad.Length + 12);
        Assert.Equal(bad.Length, bridge.Rejections.Values.Sum());
        foreach (var reason in new[]
        {
            BridgeRejection.NotJson, BridgeRejection.MissingField, BridgeRejection.InvalidField,
            BridgeRejection.InvalidCameraId, BridgeRejection.InvalidBase64, BridgeRejection.TooLarge,
        })
        {
            Assert.Equal(1, bridge.Rejections[reason]);
        }
        var recorded = await product.Grains.GetDeadLetters().List(0, 100);
        var letters = recorded.Items.Where(d => d.Topic!.StartsWith(topicRoot, StringComparison.Ordinal)).ToList();
        Assert.Equal(bad.Length, letters.Count);
        // A topic level that is no camera id stays in the topic; the letter names no camera.
        Assert.Null(Assert.Single(letters, d => d.Reason == BridgeRejection.InvalidCameraId).CameraId);
        Assert.All(letters.Where(d => d.Reason != BridgeRejection.InvalidCameraId), d => Assert.Equal("cam-a", d.CameraId));
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
        await using var publisher = await MqttPublisher.ConnectAsync(mosquitto);
        var images = new[] { SharedJpegs.Samples.TestCard, SharedJpegs.Samples.White, SharedJpegs.Samples.VgaTestCard, SharedJpegs.Samples.WhiteOddSize };

        await PublishImageAsync(publisher, topicRoot, "cam-r", images[0], "before-1");
        await PublishImageAsync(publisher, topicRoot, "cam-r", images[1], "before-2");
        await mosquitto.StopAsync();
        // Published while the broker is down: the publisher resends once it is back.
        var during = PublishImageAsync(publisher, topicRoot, "cam-r", images[2], "during");
        await Eventually.TrueAsync(() => bridge.State != MqttConnectionState.Connected, _patience, "the bridge noticed the outage");
        await mosquitto.StartAsync();
        await during.WaitAsync(TimeSpan.FromSeconds(60));
        await PublishImageAsync(publisher, topicRoot, "cam-r", images[3], "after");

        await CaptureSessionTests.WaitForImagesAsync(product, "cam-r", 4, TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => bridge.InFlight == 0, _patience, "the bridge has nothing left in flight");
        var stored = await CaptureSessionTests.ImagesAsync(product, "cam-r");
        Assert.Equal(images.Select(CaptureSessionTests.Sha256).Order(), stored.Select(s => s.Sha256).Order());
        Assert.True(bridge.Statistics.Snapshot().Reconnects >= 1);
    }

    [Fact]
    public async Task Chunks_published_while_the_gateway_is_down_arrive_from_its_persistent_session()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var topicRoot = Unique("site");
        var options = BridgeOptions(mosquitto, topicRoot);
        await (await StartBridgeAsync(product, options)).DisposeAsync();
        await using var publisher = await MqttPublisher.ConnectAsync(mosquitto);

        await PublishImageAsync(publisher, topicRoot, "cam-away", SharedJpegs.Samples.VgaTestCard, "while-away");
        await using var restarted = await StartBridgeAsync(product, options);

        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "cam-away", 1);
        Assert.Equal(CaptureSessionTests.Sha256(SharedJpegs.Samples.VgaTestCard), stored[0].Sha256);
        Assert.Equal(1, restarted.Statistics.Snapshot().SessionsResumed);
        await WaitUntilIdleAsync(restarted, acknowledged: 15);
    }

    [Fact]
    public async Task Two_gateways_with_a_shared_subscription_split_the_load_and_handle_every_chunk_exactly_once()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var topicRoot = Unique("site");
        var group = Unique("gateways");
        await using var first = await StartBridgeAsync(product, BridgeOptions(mosquitto, topicRoot, sharedGroup: group));
        await using var second = await StartBridgeAsync(product, BridgeOptions(mosquitto, topicRoot, sharedGroup: group));
        await using var publisher = await MqttPublisher.ConnectAsync(mosquitto);

        const int cameras = 8;
        const int chunks = 10;
        for (var c = 0; c < cameras; c++)
        {
            await PublishImageAsync(publisher, topicRoot, $"cam-s{c}", SharedJpegs.Samples.VgaTestCard, imageId: null, total: chunks);
        }

        for (var c = 0; c < cameras; c++)
        {
            Assert.Single(await CaptureSessionTests.WaitForImagesAsync(product, $"cam-s{c}", 1));
        }
        await Eventually.TrueAsync(() => Acknowledged(first) + Acknowledged(second) == cameras * chunks, _patience, "every chunk is acknowledged");
        // No reconnect on either side means no redelivery: what each received, it received once.
        Assert.Equal(0, first.Statistics.Snapshot().Reconnects + second.Statistics.Snapshot().Reconnects);
        Assert.Equal(cameras * chunks, first.Received + second.Received);
        Assert.Equal(cameras * chunks, first.Accepted + second.Accepted);
        Assert.True(first.Accepted > 0 && second.Accepted > 0, $"load not split: {first.Accepted} / {second.Accepted}");
    }

    [Fact]
    public async Task A_wrong_password_gives_a_clear_error_and_retries_with_backoff_without_crashing_or_logging_it()
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
        // Mosquitto answers a wrong password with "not authorized" (MQTT 3.1.1 code 5, MQTT 5 reason 135); other brokers say "bad user name or password".
        Assert.Contains(logs.Lines, l => l.Contains("broker refused the connection", StringComparison.OrdinalIgnoreCase)
            && (l.Contains("not authorized", StringComparison.OrdinalIgnoreCase) || l.Contains("bad user name or password", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("wrong-password", StringComparison.Ordinal));
        Assert.NotEqual(MqttConnectionState.Connected, bridge.State);
    }

    internal static MqttOptions BridgeOptions(MosquittoServer mosquitto, string topicRoot, string? sharedGroup = null, string protocolVersion = MqttProtocolVersions.V5)
    {
        var options = MosquittoTestOptions.For(mosquitto, clientId: Unique("bridge"), cleanStart: false, protocolVersion: protocolVersion);
        options.Topic = $"{topicRoot}/+/image_json";
        options.SharedGroup = sharedGroup;
        return options;
    }

    /// <summary>
    /// The ThermoSense seed's publish_test_image.py: the image's base64 cut every 8 KiB of text, each piece sent as
    /// <c>{"id": "test-&lt;unix time&gt;", "index", "total", "data"}</c> to <c>camera/2/image_json</c>: "id" names the image,
    /// the topic the camera.
    /// </summary>
    [Fact]
    public async Task The_seed_s_own_test_publisher_stores_its_image_for_the_topic_s_camera()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var topicRoot = Unique("camera");
        await using var bridge = await StartBridgeAsync(product, BridgeOptions(mosquitto, topicRoot));
        await using var publisher = await MqttPublisher.ConnectAsync(mosquitto);
        var image = SharedJpegs.Samples.TestCard;
        var base64 = Convert.ToBase64String(image);
        const int pieceLength = 8 * 1024;
        var total = (base64.Length + pieceLength - 1) / pieceLength;
        Assert.True(total > 1, "the sample image makes several chunks");

        for (var i = 0; i < total; i++)
        {
            var piece = base64.Substring(i * pieceLength, Math.Min(pieceLength, base64.Length - i * pieceLength));
            var json = JsonSerializer.Serialize(new { id = $"test-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}", index = i, total, data = piece });
            await publisher.PublishAsync($"{topicRoot}/2/image_json", Encoding.UTF8.GetBytes(json));
        }

        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "2", 1);
        Assert.Equal(CaptureSessionTests.Sha256(image), Assert.Single(stored).Sha256);
        await WaitUntilIdleAsync(bridge, acknowledged: total);
        Assert.DoesNotContain(bridge.Rejections, r => r.Value > 0);
    }

    internal static async Task<MqttBridge> StartBridgeAsync(ProductCluster product, MqttOptions options, ILoggerFactory? logs = null)
    {
        var bridge = new MqttBridge(options, product.Cluster.Client, logs ?? NullLoggerFactory.Instance, TimeProvider.System);
        await bridge.StartAsync(CancellationToken.None);
        using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await bridge.WaitUntilConnectedAsync(connected.Token);
        return bridge;
    }

    internal static async Task PublishImageAsync(MqttPublisher publisher, string topicRoot, string cameraId, byte[] image, string? imageId, int total = 15)
    {
        foreach (var chunk in Chunks.Split(image, total, cameraId, imageId))
        {
            var json = JsonSerializer.Serialize(new { id = chunk.CameraId, index = chunk.Index, total = chunk.Total, data = chunk.Data, image_id = chunk.ImageId });
            await publisher.PublishAsync($"{topicRoot}/{cameraId}/image_json", Encoding.UTF8.GetBytes(json));
        }
    }

    /// <summary>Waits until <paramref name="acknowledged"/> messages were acknowledged and nothing is left in flight.</summary>
    internal static Task WaitUntilIdleAsync(MqttBridge bridge, long acknowledged) =>
        Eventually.TrueAsync(() => Acknowledged(bridge) == acknowledged && bridge.InFlight == 0, _patience,
            $"{acknowledged} messages acknowledged (now {Acknowledged(bridge)}, {bridge.InFlight} in flight)");

    internal static string ChunkJson(string id, int index, int total, byte[] data) =>
        JsonSerializer.Serialize(new { id, index, total, data = Convert.ToBase64String(data) });

    internal static string Unique(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..8]}";

    private static long Acknowledged(MqttBridge bridge) => bridge.Statistics.Snapshot().MessagesAcknowledged;

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
