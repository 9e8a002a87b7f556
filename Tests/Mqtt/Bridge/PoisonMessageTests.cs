using IngestionCluster.Gateway.Mqtt.Bridge;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Mqtt.Bridge;

/// <summary>Chunks the cluster keeps failing to take for no outage: one broken camera must not hold the others up, and a broken cluster must not lose them.</summary>
public sealed class PoisonMessageTests
{
    private static readonly TimeSpan _poisonTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_camera_whose_chunks_keep_failing_while_others_are_taken_has_them_recorded_as_dead_letters_and_acknowledged()
    {
        await using var setup = await PoisonedClusterAsync();
        var (product, bridge, publisher, topicRoot) = setup;

        await MqttBridgeTests.PublishImageAsync(publisher, topicRoot, "cam-sick", SharedJpegs.Samples.TestCard, PoisonChunkFilter.ImageId, total: 4);
        await Eventually.TrueAsync(() => bridge.HandOffFailures > 0, TimeSpan.FromSeconds(20), "the poisoned chunks fail");
        // Another camera goes on meanwhile; so does the sick camera's next image, once its bad chunks are recorded.
        var wellImages = 0;
        var sick = Task.Run(() => CaptureSessionTests.WaitForImagesAsync(product, "cam-sick", 1));
        await MqttBridgeTests.PublishImageAsync(publisher, topicRoot, "cam-sick", SharedJpegs.Samples.VgaTestCard, "after", total: 4);
        while (!sick.IsCompleted && wellImages < 100)
        {
            await MqttBridgeTests.PublishImageAsync(publisher, topicRoot, "cam-well", SharedJpegs.Samples.White, $"well-{wellImages++}", total: 4);
            await Task.Delay(_poisonTimeout / 4);
        }

        Assert.Equal(CaptureSessionTests.Sha256(SharedJpegs.Samples.VgaTestCard), Assert.Single(await sick).Sha256);
        await CaptureSessionTests.WaitForImagesAsync(product, "cam-well", wellImages);
        await MqttBridgeTests.WaitUntilIdleAsync(bridge, acknowledged: 8 + 4 * wellImages);
        Assert.Equal(4, bridge.Rejections[BridgeRejection.HandOffFailed]);
        var letters = (await product.Grains.GetDeadLetters().List(0, 100)).Items.Where(letter => letter.CameraId == "cam-sick").ToList();
        Assert.Equal(4, letters.Count);
        Assert.All(letters, letter =>
        {
            Assert.Equal(BridgeRejection.HandOffFailed, letter.Reason);
            Assert.Contains("image 'poison' only", letter.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task When_no_camera_gets_through_the_chunks_stay_unacknowledged_however_long_it_lasts()
    {
        await using var setup = await PoisonedClusterAsync();
        var (product, bridge, publisher, topicRoot) = setup;

        // Every camera's chunks fail: the fault is the cluster's, and dropping them would lose every camera's images.
        await MqttBridgeTests.PublishImageAsync(publisher, topicRoot, "cam-one", SharedJpegs.Samples.TestCard, PoisonChunkFilter.ImageId, total: 3);
        await MqttBridgeTests.PublishImageAsync(publisher, topicRoot, "cam-two", SharedJpegs.Samples.White, PoisonChunkFilter.ImageId, total: 3);
        // Meanwhile a broken device keeps publishing what the bridge refuses itself: that is no sign the cluster works.
        for (var i = 0; i < 6; i++)
        {
            await publisher.PublishAsync($"{topicRoot}/cam-garbled/image_json", "not json"u8.ToArray());
            await Task.Delay(_poisonTimeout / 2);
        }

        Assert.Equal(6, bridge.InFlight);
        Assert.Equal(6, bridge.Statistics.Snapshot().MessagesAcknowledged);
        Assert.Equal(6, bridge.Rejections[BridgeRejection.NotJson]);
        Assert.False(bridge.Rejections.ContainsKey(BridgeRejection.HandOffFailed));
        Assert.DoesNotContain((await product.Grains.GetDeadLetters().List(0, 100)).Items, letter => letter.Reason == BridgeRejection.HandOffFailed);
    }

    /// <summary>A standalone cluster whose grains fail every chunk of image <see cref="PoisonChunkFilter.ImageId"/>, and a bridge and publisher on it.</summary>
    private static async Task<PoisonedCluster> PoisonedClusterAsync()
    {
        var mosquitto = await TestServers.Mosquitto;
        var product = await ProductCluster.StartAsync(StorageKind.Standalone,
            configureServices: services => services.AddSingleton<IIncomingGrainCallFilter, PoisonChunkFilter>());
        var topicRoot = MqttBridgeTests.Unique("site");
        var options = MqttBridgeTests.BridgeOptions(mosquitto, topicRoot);
        options.PoisonMessageTimeout = _poisonTimeout;
        var bridge = await MqttBridgeTests.StartBridgeAsync(product, options);
        return new PoisonedCluster(product, bridge, await MqttPublisher.ConnectAsync(mosquitto), topicRoot);
    }

    private sealed record PoisonedCluster(ProductCluster Product, MqttBridge Bridge, MqttPublisher Publisher, string TopicRoot) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Publisher.DisposeAsync();
            await Bridge.DisposeAsync();
            await Product.DisposeAsync();
        }
    }
}
