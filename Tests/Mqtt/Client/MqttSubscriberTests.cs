using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>The bridge's subscriber on MQTTnet against a real Mosquitto 2.0: sessions, redelivery, keep-alive, outages, refusals.</summary>
public sealed partial class MqttSubscriberTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(MqttProtocolVersions.V5)]
    [InlineData(MqttProtocolVersions.V311)]
    public async Task A_persistent_session_delivers_what_was_published_while_the_subscriber_was_away(string protocolVersion)
    {
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("persistent");
        var options = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("bridge"), cleanStart: false, protocolVersion: protocolVersion);
        await using (var first = new MqttSubscriber(options, topic, new MessageCollector().HandleAsync, Logger()))
        {
            await first.StartAsync();
            await first.WaitUntilConnectedAsync().WaitAsync(_patience);
            Assert.Equal(0, first.Statistics.Snapshot().SessionsResumed);
            await first.StopAsync();
        }

        await using (var camera = await MqttPublisher.ConnectAsync(server))
        {
            for (var i = 0; i < 20; i++)
            {
                await camera.PublishAsync(topic, Encoding.UTF8.GetBytes($"chunk {i}"));
            }
        }
        var collector = new MessageCollector();
        await using var second = new MqttSubscriber(options, topic, collector.HandleAsync, Logger());
        await second.StartAsync();

        await collector.WaitForCountAsync(20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"chunk {i}"), collector.Payloads);
        // Counted once the connect call returned: the broker may deliver the stored messages before that.
        await Eventually.TrueAsync(() => second.Statistics.Snapshot().SessionsResumed == 1, _patience, "the session counted as resumed");
        await Eventually.TrueAsync(() => second.Statistics.Snapshot().MessagesAcknowledged == 20, _patience, "every message is acknowledged");
    }

    [Fact]
    public async Task Messages_left_unacknowledged_when_the_connection_breaks_are_delivered_again_and_never_acknowledged_on_the_new_connection()
    {
        var server = await TestServers.Mosquitto;
        await using var proxy = new NetworkFaultProxy(server.Host, server.Port);
        var topic = MosquittoTestOptions.UniqueTopic("redelivery");
        // The first delivery of each message is held (as a chunk whose hand-off has not finished); redeliveries are acknowledged.
        var collector = new MessageCollector { Acknowledge = message => message.Duplicate };
        var options = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("bridge"), cleanStart: false, url: proxy.Url);
        await using var subscriber = new MqttSubscriber(options, topic, collector.HandleAsync, Logger());
        await subscriber.StartAsync();
        await subscriber.WaitUntilConnectedAsync().WaitAsync(_patience);
        await using var camera = await MqttPublisher.ConnectAsync(server);
        for (var i = 0; i < 5; i++)
        {
            await camera.PublishAsync(topic, Encoding.UTF8.GetBytes($"chunk {i}"));
        }
        await collector.WaitForCountAsync(5);

        proxy.Sever();

        await collector.WaitForCountAsync(10, _patience);
        var redelivered = collector.Messages.Skip(5).ToList();
        Assert.All(redelivered, m => Assert.True(m.Duplicate, "a redelivery carries the DUP flag"));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"chunk {i}"), redelivered.Select(m => Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.Equal(0, await collector.AcknowledgeHeldAsync());
        await Eventually.TrueAsync(() => subscriber.Statistics.Snapshot().MessagesAcknowledged == 5, _patience, "the redeliveries are acknowledged");
        // Redeliveries can arrive while the new connection is still subscribing, before it is counted as connected.
        await Eventually.TrueAsync(() => subscriber.Statistics.Snapshot().Reconnects >= 1, _patience, "the reconnection is counted");
        var counters = subscriber.Statistics.Snapshot();
        Assert.Equal(1, counters.Reconnects);
        Assert.Equal(1, counters.SessionsResumed);
    }

    [Fact]
    public async Task A_frozen_network_is_detected_by_keep_alive_and_the_subscriber_reconnects_once_it_thaws()
    {
        var server = await TestServers.Mosquitto;
        await using var proxy = new NetworkFaultProxy(server.Host, server.Port);
        var topic = MosquittoTestOptions.UniqueTopic("frozen");
        var collector = new MessageCollector();
        var options = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("bridge"), cleanStart: false, url: proxy.Url);
        options.KeepAliveSeconds = 1;
        options.ConnectTimeout = TimeSpan.FromSeconds(1);
        await using var subscriber = new MqttSubscriber(options, topic, collector.HandleAsync, Logger());
        await subscriber.StartAsync();
        await subscriber.WaitUntilConnectedAsync().WaitAsync(_patience);

        proxy.Freeze();
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => subscriber.State != MqttConnectionState.Connected, TimeSpan.FromSeconds(20), "keep-alive noticed the silence");
        output.WriteLine($"silence noticed after {clock.ElapsedMilliseconds} ms: {subscriber.Statistics.Snapshot().LastError}");
        Assert.Contains("keep-alive", subscriber.Statistics.Snapshot().LastError, StringComparison.Ordinal);
        proxy.Thaw();

        await Eventually.TrueAsync(() => subscriber.State == MqttConnectionState.Connected && subscriber.Statistics.Snapshot().Reconnects >= 1, _patience,
            "the subscriber is back once the network is");
        await using var camera = await MqttPublisher.ConnectAsync(server);
        await camera.PublishAsync(topic, "after"u8.ToArray());
        await collector.WaitForCountAsync(1);
        Assert.Equal(["after"], collector.Payloads);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_as_the_brokers_reason_retried_with_backoff_and_never_logged()
    {
        var server = await TestServers.Mosquitto;
        var options = MosquittoTestOptions.For(server);
        options.Password = "wrong-password-" + Guid.NewGuid().ToString("N")[..6];
        var logger = new TestLogger<MqttSubscriber>(output);
        await using var subscriber = new MqttSubscriber(options, MosquittoTestOptions.UniqueTopic("refused"), new MessageCollector().HandleAsync, logger);

        await subscriber.StartAsync();
        await Eventually.TrueAsync(() => subscriber.Statistics.Snapshot().ConnectFailures >= 4, _patience, "the subscriber keeps retrying");
        await subscriber.StopAsync();

        var counters = subscriber.Statistics.Snapshot();
        Assert.Equal(0, counters.Connects);
        Assert.Matches(@"^broker refused the connection: (bad user name or password|not authorized) \(code \d+\)$", counters.LastError);
        var errors = logger.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.True(errors.Count >= 4);
        Assert.All(errors, e => Assert.Contains("broker refused the connection", e.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains(options.Password, StringComparison.Ordinal));
        var delays = errors.Select(e => TimeSpan.Parse(RetryDelay().Match(e.Message).Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        // Attempt 1 waits at most the initial 100 ms, attempt 4 at least half of 800 ms.
        Assert.True(delays[3] > delays[0], $"retries must back off: {string.Join(", ", delays)}");
        Assert.Equal(MqttConnectionState.Stopped, subscriber.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_a_broker_restart_the_subscriber_reconnects_and_subscribes_again_also_on_a_surviving_session(bool cleanStart)
    {
        await using var server = await TestServers.StartPrivateAsync<MosquittoServer>();
        var topic = MosquittoTestOptions.UniqueTopic("restart");
        var collector = new MessageCollector();
        var options = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("bridge"), cleanStart);
        await using var subscriber = new MqttSubscriber(options, topic, collector.HandleAsync, Logger());
        await subscriber.StartAsync();
        await subscriber.WaitUntilConnectedAsync().WaitAsync(_patience);
        await PublishOnceAsync(server, topic, "before");
        await collector.WaitForCountAsync(1);

        await server.StopAsync();
        await Eventually.TrueAsync(() => subscriber.State != MqttConnectionState.Connected, _patience, "the subscriber noticed the broker stopped");
        await server.StartAsync();
        await Eventually.TrueAsync(() => subscriber.State == MqttConnectionState.Connected && subscriber.Statistics.Snapshot().Reconnects == 1, _patience, "reconnected");
        await PublishOnceAsync(server, topic, "after");
        await collector.WaitForCountAsync(2);

        Assert.Equal(["before", "after"], collector.Payloads);
        var counters = subscriber.Statistics.Snapshot();
        Assert.Equal(2, counters.Connects);
        Assert.Equal(1, counters.Disconnects);
        // Without a surviving session the subscription is gone with it; a surviving one may have lost it to a peer gateway
        // that adopted and unsubscribed it meanwhile. Either way it is made again.
        Assert.Equal(2, counters.Subscribes);
        Assert.Equal(cleanStart ? 0 : 1, counters.SessionsResumed);
    }

    [Fact]
    public async Task Two_processes_with_one_client_id_are_named_as_the_likely_cause_and_back_off_instead_of_taking_turns_at_full_speed()
    {
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("twin");
        var options = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("twin"), cleanStart: false);
        var logger = new TestLogger<MqttSubscriber>(output);
        await using var first = new MqttSubscriber(options, topic, new MessageCollector().HandleAsync, logger);
        await first.StartAsync();
        await first.WaitUntilConnectedAsync().WaitAsync(_patience);

        await using (var second = new MqttSubscriber(options, topic, new MessageCollector().HandleAsync, Logger()))
        {
            await second.StartAsync();
            await second.WaitUntilConnectedAsync().WaitAsync(_patience);
            // The broker hands the session to whichever connected last; the two take turns.
            await Eventually.TrueAsync(() => logger.Entries.Any(entry => entry.Message.Contains("same Mqtt__ClientId", StringComparison.Ordinal)),
                _patience, "the first subscriber names the likely cause when its connection closes right after connecting");
            var before = first.Statistics.Snapshot().Connects + second.Statistics.Snapshot().Connects;
            await Task.Delay(TimeSpan.FromSeconds(4));
            var during = first.Statistics.Snapshot().Connects + second.Statistics.Snapshot().Connects - before;
            output.WriteLine($"connections of both in 4 s: {during}");
            // Backing off (0.1 s doubling up to 1 s here) allows about a dozen; reconnecting at the first delay each time, 80.
            Assert.InRange(during, 1, 25);
        }
    }

    [Fact]
    public async Task The_announced_receive_maximum_lets_more_messages_await_acknowledgement_than_the_brokers_own_limit()
    {
        // The shared broker's max_inflight_messages is 100; an MQTT 5 client's receive maximum replaces it.
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("receive-maximum");
        var collector = new MessageCollector { Acknowledge = _ => false };
        var options = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("bridge"), cleanStart: false);
        options.ReceiveMaximum = 300;
        await using var subscriber = new MqttSubscriber(options, topic, collector.HandleAsync, Logger());
        await subscriber.StartAsync();
        await subscriber.WaitUntilConnectedAsync().WaitAsync(_patience);
        await using var camera = await MqttPublisher.ConnectAsync(server);

        for (var i = 0; i < 250; i++)
        {
            await camera.PublishAsync(topic, Encoding.UTF8.GetBytes($"m{i}"));
        }

        await collector.WaitForCountAsync(250, _patience);
        Assert.Equal(250, await collector.AcknowledgeHeldAsync());
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_never_holds_more_unacknowledged_messages_than_its_receive_maximum()
    {
        // Debian's Mosquitto 2.0.11 releases up to a whole window of queued messages for each PUBACK once a backlog
        // builds; the subscriber must still hold no more than it announced, and lose nothing.
        const int window = 20;
        const int count = 2000;
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("receive-window");
        var options = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("bridge"), cleanStart: false);
        options.ReceiveMaximum = window;
        var consumer = new SlowInOrderAcknowledger();
        await using var subscriber = new MqttSubscriber(options, topic, consumer.HandleAsync, Logger());
        await subscriber.StartAsync();
        await subscriber.WaitUntilConnectedAsync().WaitAsync(_patience);
        await using (var camera = await MqttPublisher.ConnectAsync(server))
        {
            var payload = new byte[2000];
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (i, cancellationToken) => await camera.PublishAsync(topic, [.. Encoding.UTF8.GetBytes($"m{i}:"), .. payload], cancellationToken));
        }

        await Eventually.TrueAsync(() => consumer.Acknowledged == count, TimeSpan.FromSeconds(60), $"all {count} messages acknowledged");
        await consumer.StopAsync();
        output.WriteLine($"most unacknowledged at once: {consumer.MostOutstanding}; messages the broker sent beyond the window: {subscriber.Statistics.Snapshot().ReceiveWindowOverruns}");
        Assert.InRange(consumer.MostOutstanding, 1, window);
        Assert.Equal(server.OverrunsReceiveMaximumUnderBacklog, subscriber.Statistics.Snapshot().ReceiveWindowOverruns > 0);
        Assert.Equal(count, consumer.Payloads.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]).Distinct().Count());
    }

    private TestLogger<MqttSubscriber> Logger() => new(output);

    private static async Task PublishOnceAsync(MosquittoServer server, string topic, string payload)
    {
        await using var camera = await MqttPublisher.ConnectAsync(server);
        await camera.PublishAsync(topic, Encoding.UTF8.GetBytes(payload));
    }

    [GeneratedRegex(@"retrying in (\S+) \(attempt")]
    private static partial Regex RetryDelay();
}
