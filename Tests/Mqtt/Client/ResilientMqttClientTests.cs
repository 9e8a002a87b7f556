using System.Collections.Concurrent;
using System.Diagnostics;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Tests.Fixtures;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>The reconnecting client across a real broker outage (a private Mosquitto, stopped and started on the same port and data).</summary>
public sealed class ResilientMqttClientTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Client_reconnects_and_resubscribes_after_the_broker_restarts(bool cleanSession)
    {
        await using var server = await TestServers.StartPrivateAsync<MosquittoServer>();
        var topic = MosquittoTestOptions.UniqueTopic("restart");
        var collector = new MessageCollector();
        var options = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("bridge"), cleanSession);
        await using var client = new ResilientMqttClient(options, collector.HandleAsync, new TestLogger<ResilientMqttClient>(output));
        var states = new ConcurrentQueue<MqttConnectionState>();
        client.StateChanged += (_, e) => states.Enqueue(e.Current);
        await client.SubscribeAsync(topic);
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(_patience);
        await PublishOnceAsync(server, topic, "before");
        await collector.WaitForCountAsync(1);

        await server.StopAsync();
        await WaitUntilAsync(() => client.State != MqttConnectionState.Connected, "the client did not notice the broker stopped");
        await Task.Delay(500); // a few failed attempts while the broker is down
        await server.StartAsync();
        await WaitUntilAsync(() => client.State == MqttConnectionState.Connected && client.Statistics.Snapshot().Reconnects == 1, "no reconnect");
        await PublishOnceAsync(server, topic, "after");
        await collector.WaitForCountAsync(2);

        Assert.Equal(["before", "after"], collector.Payloads);
        var counters = client.Statistics.Snapshot();
        Assert.Equal(2, counters.Connects);
        Assert.Equal(1, counters.Disconnects[MqttDisconnectReason.ConnectionLost]);
        Assert.True(counters.ConnectFailures >= 1, "attempts while the broker was down must fail and be counted");
        Assert.Equal(
            [MqttConnectionState.Connecting, MqttConnectionState.Connected, MqttConnectionState.WaitingToReconnect, MqttConnectionState.Connecting],
            states.Take(4));
        Assert.Equal(MqttConnectionState.Connected, states.Last());
    }

    [Fact]
    public async Task Publish_during_an_outage_completes_once_the_broker_is_back()
    {
        await using var server = await TestServers.StartPrivateAsync<MosquittoServer>();
        var topic = MosquittoTestOptions.UniqueTopic("outage-publish");
        var receiverOptions = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("receiver"), cleanSession: false);
        var collector = new MessageCollector();
        await using var receiver = new ResilientMqttClient(receiverOptions, collector.HandleAsync, new TestLogger<ResilientMqttClient>(output));
        await receiver.SubscribeAsync(topic);
        await receiver.StartAsync();
        await using var camera = new ResilientMqttClient(MosquittoTestOptions.For(server), null, new TestLogger<ResilientMqttClient>(output));
        await camera.StartAsync();
        await Task.WhenAll(receiver.WaitUntilConnectedAsync(), camera.WaitUntilConnectedAsync()).WaitAsync(_patience);

        await server.StopAsync();
        await WaitUntilAsync(() => camera.State != MqttConnectionState.Connected, "the camera did not notice the broker stopped");
        var publishing = camera.PublishAsync(topic, "frame"u8.ToArray());
        await Task.Delay(300);
        Assert.False(publishing.IsCompleted);
        await server.StartAsync();

        await publishing.WaitAsync(_patience);
        await collector.WaitForCountAsync(1);
        Assert.Equal(["frame"], collector.Payloads);
    }

    [Fact]
    public async Task Stop_closes_cleanly_and_counts_a_client_disconnect()
    {
        var server = await TestServers.Mosquitto;
        await using var client = new ResilientMqttClient(MosquittoTestOptions.For(server), null, new TestLogger<ResilientMqttClient>(output));
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(_patience);

        await client.StopAsync();

        Assert.Equal(MqttConnectionState.Stopped, client.State);
        Assert.Equal(1, client.Statistics.Snapshot().Disconnects[MqttDisconnectReason.ClientDisconnected]);
    }

    [Fact]
    public async Task Client_can_start_again_after_a_stop_and_subscribes_again()
    {
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("restart-client");
        var collector = new MessageCollector();
        await using var client = new ResilientMqttClient(MosquittoTestOptions.For(server), collector.HandleAsync, new TestLogger<ResilientMqttClient>(output));
        await client.SubscribeAsync(topic);
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(_patience);
        await client.StopAsync();

        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(_patience);
        await client.PublishAsync(topic, "again"u8.ToArray()).WaitAsync(_patience);
        await collector.WaitForCountAsync(1);

        Assert.Equal(["again"], collector.Payloads);
        Assert.Equal(2, client.Statistics.Snapshot().Connects);
    }

    private static async Task PublishOnceAsync(MosquittoServer server, string topic, string payload)
    {
        await using var publisher = await MqttConnection.ConnectAsync(
            MosquittoTestOptions.For(server), null, new TestLogger<MqttConnection>(), CancellationToken.None);
        await publisher.PublishAsync(topic, System.Text.Encoding.UTF8.GetBytes(payload));
        await publisher.DisconnectAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < _patience, failure);
            await Task.Delay(20);
        }
    }
}
