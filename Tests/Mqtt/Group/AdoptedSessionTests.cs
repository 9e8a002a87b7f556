using System.Text;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Mqtt.Group;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Mqtt.Client;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Group;

/// <summary>One adoption of a dead gateway's session, against the real broker.</summary>
public sealed class AdoptedSessionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(MqttProtocolVersions.V5)]
    [InlineData(MqttProtocolVersions.V311)]
    public async Task The_held_messages_are_handled_and_acknowledged_and_the_session_is_ended(string protocolVersion)
    {
        var server = await TestServers.Mosquitto;
        var (peer, topic) = await LeaveSessionWithQueuedMessagesAsync(server, protocolVersion, "m1", "m2", "m3");
        var collector = new MessageCollector();

        var ended = await new AdoptedSession(peer, collector.HandleAsync, new MqttClientStatistics(), new TestLogger<AdoptedSession>(output), TimeProvider.System)
            .RunAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(ended);
        Assert.Equal(["m1", "m2", "m3"], collector.Payloads);
        // The broker no longer has the session: coming back under that id starts afresh, and nothing more is queued for it.
        var (resumed, after) = await ReconnectAsync(peer, topic, server);
        Assert.False(resumed);
        Assert.Empty(after);
    }

    [Fact]
    public async Task Messages_still_unacknowledged_at_the_limit_leave_the_session_to_the_broker_which_delivers_them_again()
    {
        var server = await TestServers.Mosquitto;
        var (peer, topic) = await LeaveSessionWithQueuedMessagesAsync(server, MqttProtocolVersions.V5, "m1", "m2");
        var holding = new MessageCollector { Acknowledge = message => Encoding.UTF8.GetString(message.Payload.Span) != "m2" };

        var ended = await new AdoptedSession(peer, holding.HandleAsync, new MqttClientStatistics(), new TestLogger<AdoptedSession>(output), TimeProvider.System)
            .RunAsync(TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.False(ended);
        Assert.Equal(1, holding.Held);
        var (resumed, after) = await ReconnectAsync(peer, topic, server);
        Assert.True(resumed);
        Assert.Equal(["m2"], after);
    }

    [Fact]
    public async Task A_large_backlog_is_taken_no_faster_than_the_receive_window_and_overruns_count_for_the_adopting_gateway()
    {
        const int window = 10;
        const int count = 300;
        var server = await TestServers.Mosquitto;
        var (peer, _) = await LeaveSessionWithQueuedMessagesAsync(server, MqttProtocolVersions.V5, [.. Enumerable.Range(0, count).Select(i => $"m{i}")]);
        peer.ReceiveMaximum = window;
        var adopterStatistics = new MqttClientStatistics();
        var consumer = new SlowInOrderAcknowledger();
        var session = new AdoptedSession(peer, consumer.HandleAsync, adopterStatistics, new TestLogger<AdoptedSession>(output), TimeProvider.System);

        var ended = await session.RunAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        await consumer.StopAsync();

        var overruns = adopterStatistics.Snapshot().ReceiveWindowOverruns;
        output.WriteLine($"most unacknowledged at once: {consumer.MostOutstanding}; messages the broker sent beyond the window: {overruns}");
        Assert.True(ended);
        Assert.InRange(consumer.MostOutstanding, 1, window);
        Assert.Equal(count, consumer.Payloads.Distinct().Count());
        Assert.Equal(count, consumer.Payloads.Count);
        // What the broker sent early waited at the connection, and is counted for the gateway that adopted.
        Assert.Equal(server.OverrunsReceiveMaximumUnderBacklog, overruns > 0);
    }

    [Fact]
    public async Task A_broker_that_pauses_mid_drain_for_longer_than_a_second_loses_none_of_the_held_messages()
    {
        const int count = 60;
        await using var server = await TestServers.StartPrivateAsync<MosquittoServer>();
        var (peer, _) = await LeaveSessionWithQueuedMessagesAsync(server, MqttProtocolVersions.V5, [.. Enumerable.Range(0, count).Select(i => $"m{i}")]);
        // A small window, so most messages are still queued at the broker when it pauses (as Mosquitto does for an autosave).
        peer.ReceiveMaximum = 5;
        var delivered = 0;
        Task? resume = null;
        var collector = new MessageCollector
        {
            Acknowledge = _ =>
            {
                if (Interlocked.Increment(ref delivered) == 10)
                {
                    server.Suspend();
                    resume = Task.Run(async () =>
                    {
                        await Task.Delay(TimeSpan.FromSeconds(2.5));
                        server.Resume();
                    });
                }
                return true;
            },
        };

        var ended = await new AdoptedSession(peer, collector.HandleAsync, new MqttClientStatistics(), new TestLogger<AdoptedSession>(output), TimeProvider.System)
            .RunAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        await resume!;

        Assert.True(ended);
        Assert.Equal(count, collector.Payloads.Distinct().Count());
    }

    /// <summary>A gateway's persistent session, subscribed and then left, with messages published while it is away.</summary>
    private static async Task<(MqttOptions Peer, string Topic)> LeaveSessionWithQueuedMessagesAsync(MosquittoServer server, string protocolVersion, params string[] payloads)
    {
        var topic = MosquittoTestOptions.UniqueTopic("adopted");
        var peer = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("dead-gateway"), cleanStart: false, protocolVersion: protocolVersion);
        peer.Topic = topic;
        await using (var gateway = new MqttSubscriber(peer, peer.SubscriptionFilter, new MessageCollector().HandleAsync, new TestLogger<MqttSubscriber>(null)))
        {
            await gateway.StartAsync();
            await gateway.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        await using var camera = await MqttPublisher.ConnectAsync(server);
        foreach (var payload in payloads)
        {
            await camera.PublishAsync(topic, Encoding.UTF8.GetBytes(payload));
        }
        return (peer, topic);
    }

    /// <summary>The peer coming back: whether the broker still had its session, and what it delivers then and for a message published after.</summary>
    private static async Task<(bool Resumed, IReadOnlyList<string> Payloads)> ReconnectAsync(MqttOptions peer, string topic, MosquittoServer server)
    {
        var collector = new MessageCollector();
        await using var gateway = new MqttSubscriber(peer, peer.SubscriptionFilter, collector.HandleAsync, new TestLogger<MqttSubscriber>(null));
        await gateway.StartAsync();
        await gateway.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await using var camera = await MqttPublisher.ConnectAsync(server);
        // A marker behind anything redelivered: once it is in, whatever the broker held has arrived before it.
        await camera.PublishAsync(topic, Encoding.UTF8.GetBytes("marker"));
        await Eventually.TrueAsync(() => collector.Payloads.Contains("marker"), TimeSpan.FromSeconds(20), "the marker arrived");
        return (gateway.Statistics.Snapshot().SessionsResumed == 1, [.. collector.Payloads.Where(payload => payload != "marker")]);
    }
}
