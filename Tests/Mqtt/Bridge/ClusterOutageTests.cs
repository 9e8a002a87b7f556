using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Mqtt.Bridge;

/// <summary>The bridge while the cluster cannot stage chunks (its Redis frozen): nothing is acknowledged until the hand-off succeeds.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class ClusterOutageTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task While_the_cluster_cannot_stage_chunks_they_are_retried_unacknowledged_and_acknowledged_once_handed_over()
    {
        var mosquitto = await TestServers.Mosquitto;
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, redis: redis);
        var topicRoot = MqttBridgeTests.Unique("site");
        await using var bridge = await MqttBridgeTests.StartBridgeAsync(product, MqttBridgeTests.BridgeOptions(mosquitto, topicRoot));
        await using var publisher = await MqttPublisher.ConnectAsync(mosquitto);
        await MqttBridgeTests.PublishImageAsync(publisher, topicRoot, "cam-o", SharedJpegs.Samples.TestCard, "first", total: 10);
        await CaptureSessionTests.WaitForImagesAsync(product, "cam-o", 1, _patience);
        await MqttBridgeTests.WaitUntilIdleAsync(bridge, acknowledged: 10);

        redis.Suspend();
        try
        {
            await MqttBridgeTests.PublishImageAsync(publisher, topicRoot, "cam-o", SharedJpegs.Samples.White, "second", total: 10);
            await Eventually.TrueAsync(() => bridge.HandOffFailures >= 2, _patience, "hand-offs fail and are retried while Redis is frozen");
            Assert.Equal(10, bridge.Statistics.Snapshot().MessagesAcknowledged);
            Assert.Equal(10, bridge.InFlight);
        }
        finally
        {
            redis.Resume();
        }

        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "cam-o", 2, _patience);
        Assert.Contains(stored, s => s.Sha256 == CaptureSessionTests.Sha256(SharedJpegs.Samples.White));
        await MqttBridgeTests.WaitUntilIdleAsync(bridge, acknowledged: 20);
        // Retried in place on the same connection, not redelivered by the broker.
        Assert.Equal(0, bridge.Statistics.Snapshot().Reconnects);
        Assert.Equal(20, bridge.Received);
    }
}
