using System.Diagnostics;
using System.Text;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Mqtt.Protocol;
using IngestionCluster.Tests.Fixtures;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>The client against a real Mosquitto 2.0 broker (the shared test instance).</summary>
public sealed class MosquittoClientTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(20);
    private readonly TestLogger<MqttConnection> _logger = new(output);

    [Fact]
    public async Task Qos1_messages_round_trip_between_two_clients()
    {
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("roundtrip");
        var collector = new MessageCollector();
        await using var subscriber = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), collector.HandleAsync, _logger, CancellationToken.None);
        await using var publisher = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), null, _logger, CancellationToken.None);

        Assert.Equal(MqttSubAckReturnCode.GrantedAtLeastOnce, await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce));
        var payload = new byte[100_000];
        new Random(5).NextBytes(payload);
        await publisher.PublishAsync(topic, payload, MqttQualityOfService.AtLeastOnce);
        await publisher.PublishAsync(topic, "second"u8.ToArray(), MqttQualityOfService.AtLeastOnce);
        await collector.WaitForCountAsync(2);

        var first = collector.Messages[0];
        Assert.Equal(topic, first.Topic);
        Assert.Equal(payload, first.Payload.ToArray());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, first.Qos);
        Assert.Equal("second", collector.Payloads[1]);
    }

    [Fact]
    public async Task Messages_from_mosquitto_pub_reach_the_handler()
    {
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("from-cli");
        var collector = new MessageCollector();
        await using var subscriber = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), collector.HandleAsync, _logger, CancellationToken.None);
        await subscriber.SubscribeAsync(topic.Replace("from-cli", "+", StringComparison.Ordinal));

        var (exitCode, stderr) = await RunClientAsync("mosquitto_pub", server, "-t", topic, "-q", "1", "-m", "{\"id\":\"s1\",\"index\":0,\"total\":1}");
        Assert.True(exitCode == 0, stderr);
        await collector.WaitForCountAsync(1);

        Assert.Equal("{\"id\":\"s1\",\"index\":0,\"total\":1}", collector.Payloads[0]);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, collector.Messages[0].Qos);
    }

    [Fact]
    public async Task Messages_published_by_the_client_reach_mosquitto_sub()
    {
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("to-cli");
        var sub = StartClient("mosquitto_sub", server, "-t", topic, "-q", "1", "-C", "1", "-W", "20");
        var line = sub.StandardOutput.ReadLineAsync();
        await using var publisher = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), null, _logger, CancellationToken.None);

        // mosquitto_sub subscribes asynchronously: publish until it has seen one.
        var clock = Stopwatch.StartNew();
        while (!line.IsCompleted && clock.Elapsed < _patience)
        {
            await publisher.PublishAsync(topic, "hello from the gateway"u8.ToArray(), MqttQualityOfService.AtLeastOnce);
            await Task.WhenAny(line, Task.Delay(200));
        }

        Assert.Equal("hello from the gateway", await line.WaitAsync(_patience));
        await sub.WaitForExitAsync();
        Assert.Equal(0, sub.ExitCode);
    }

    [Fact]
    public async Task Acknowledgements_reach_mosquitto_in_receive_order_when_handlers_finish_out_of_order()
    {
        var server = await TestServers.Mosquitto;
        await using var proxy = new RecordingTcpProxy(server.Host, server.Port);
        var topic = MosquittoTestOptions.UniqueTopic("ack-order");
        var completed = new System.Collections.Concurrent.ConcurrentQueue<ushort>();
        async Task Handler(MqttApplicationMessage message, CancellationToken token)
        {
            var index = int.Parse(Encoding.UTF8.GetString(message.Payload.Span), System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay((10 - index) * 40, token); // the first message finishes last
            completed.Enqueue(message.PacketId);
        }
        var options = MosquittoTestOptions.For(server, url: proxy.Url);
        options.MaxInFlight = 10;
        await using var subscriber = await MqttConnection.ConnectAsync(options, Handler, _logger, CancellationToken.None);
        await subscriber.SubscribeAsync(topic);
        await using var publisher = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), null, _logger, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            publisher.PublishAsync(topic, Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        var clock = Stopwatch.StartNew();
        while (proxy.FromClient.OfType<PubAckPacket>().Count() < 10)
        {
            Assert.True(clock.Elapsed < _patience, "PUBACKs did not all reach the broker");
            await Task.Delay(20);
        }

        var received = proxy.FromBroker.OfType<PublishPacket>().Select(p => p.PacketId).ToList();
        var acknowledged = proxy.FromClient.OfType<PubAckPacket>().Select(a => a.PacketId).ToList();
        Assert.Equal(10, received.Count);
        Assert.Equal(received, acknowledged);
        Assert.NotEqual(received, completed.ToList()); // the handlers really did finish out of order
    }

    [Fact]
    public async Task Persistent_session_delivers_messages_published_while_the_subscriber_was_away()
    {
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("persistent");
        var clientId = MosquittoTestOptions.UniqueId("bridge");
        var options = MosquittoTestOptions.For(server, clientId, cleanSession: false);
        await using (var first = await MqttConnection.ConnectAsync(options, (_, _) => Task.CompletedTask, _logger, CancellationToken.None))
        {
            Assert.False(first.SessionPresent);
            await first.SubscribeAsync(topic);
            await first.DisconnectAsync();
        }

        await using (var publisher = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), null, _logger, CancellationToken.None))
        {
            for (var i = 0; i < 20; i++)
            {
                await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes($"chunk {i}"));
            }
        }

        var collector = new MessageCollector();
        await using var second = await MqttConnection.ConnectAsync(options, collector.HandleAsync, _logger, CancellationToken.None);
        Assert.True(second.SessionPresent);
        await collector.WaitForCountAsync(20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"chunk {i}"), collector.Payloads);
    }

    [Fact]
    public async Task Shared_subscription_splits_messages_between_two_clients()
    {
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("shared");
        var filter = MqttTopic.Shared(MosquittoTestOptions.UniqueId("group"), topic);
        var a = new MessageCollector();
        var b = new MessageCollector();
        await using var gatewayA = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), a.HandleAsync, _logger, CancellationToken.None);
        await using var gatewayB = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), b.HandleAsync, _logger, CancellationToken.None);
        await gatewayA.SubscribeAsync(filter);
        await gatewayB.SubscribeAsync(filter);
        await using var publisher = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), null, _logger, CancellationToken.None);

        for (var i = 0; i < 40; i++)
        {
            await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes($"m{i}"));
        }
        var clock = Stopwatch.StartNew();
        while (a.Messages.Count + b.Messages.Count < 40)
        {
            Assert.True(clock.Elapsed < _patience, $"got {a.Messages.Count} + {b.Messages.Count} of 40");
            await Task.Delay(20);
        }
        await Task.Delay(200); // nothing more may arrive

        Assert.NotEmpty(a.Payloads);
        Assert.NotEmpty(b.Payloads);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"m{i}").Order(), a.Payloads.Concat(b.Payloads).Order());
    }

    [Fact]
    public async Task Wrong_password_is_reported_clearly_and_retried_with_backoff()
    {
        var server = await TestServers.Mosquitto;
        var options = MosquittoTestOptions.For(server);
        options.Password = "wrong-password-" + Guid.NewGuid().ToString("N")[..6];
        options.ReconnectInitialDelay = TimeSpan.FromMilliseconds(50);
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(800);
        var logger = new TestLogger<ResilientMqttClient>(output);
        await using var client = new ResilientMqttClient(options, (_, _) => Task.CompletedTask, logger);
        var attempts = new System.Collections.Concurrent.ConcurrentQueue<TimeSpan>();
        var clock = Stopwatch.StartNew();
        client.StateChanged += (_, e) =>
        {
            if (e.Current == MqttConnectionState.Connecting)
            {
                attempts.Enqueue(clock.Elapsed);
            }
        };

        await client.StartAsync();
        while (client.Statistics.Snapshot().ConnectFailures < 5)
        {
            Assert.True(clock.Elapsed < _patience, "the client stopped retrying");
            Assert.NotEqual(MqttConnectionState.Connected, client.State);
            await Task.Delay(20);
        }
        await client.StopAsync();

        var counters = client.Statistics.Snapshot();
        Assert.Equal(0, counters.Connects);
        Assert.Matches(@"^broker refused the connection: (bad user name or password \(code 4\)|not authorized \(code 5\))$", counters.LastError);
        var errors = logger.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error).ToList();
        Assert.True(errors.Count >= 5);
        Assert.All(errors, e => Assert.Contains("broker refused the connection", e.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains(options.Password, StringComparison.Ordinal));
        var gaps = attempts.Zip(attempts.Skip(1), (earlier, later) => later - earlier).ToList();
        Assert.True(gaps[3] > gaps[0], $"retries must back off: gaps {string.Join(", ", gaps.Select(g => g.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        Assert.Equal(MqttConnectionState.Stopped, client.State);
    }

    [Fact]
    public async Task A_failing_handler_gets_the_message_again_after_the_reconnect()
    {
        var server = await TestServers.Mosquitto;
        var topic = MosquittoTestOptions.UniqueTopic("redelivery");
        var deliveries = new System.Collections.Concurrent.ConcurrentQueue<MqttApplicationMessage>();
        Task Handler(MqttApplicationMessage message, CancellationToken token)
        {
            deliveries.Enqueue(message);
            return deliveries.Count == 1 ? throw new InvalidOperationException("blob store unavailable") : Task.CompletedTask;
        }
        var options = MosquittoTestOptions.For(server, MosquittoTestOptions.UniqueId("bridge"), cleanSession: false);
        await using var client = new ResilientMqttClient(options, Handler, new TestLogger<ResilientMqttClient>(output));
        await client.SubscribeAsync(topic);
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(_patience);
        await using var publisher = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), null, _logger, CancellationToken.None);

        await publisher.PublishAsync(topic, "chunk"u8.ToArray());
        var clock = Stopwatch.StartNew();
        while (deliveries.Count < 2 || client.Statistics.Snapshot().MessagesAcknowledged < 1)
        {
            Assert.True(clock.Elapsed < _patience, $"got {deliveries.Count} deliveries");
            await Task.Delay(20);
        }

        var all = deliveries.ToList();
        Assert.All(all, m => Assert.Equal("chunk", Encoding.UTF8.GetString(m.Payload.Span)));
        Assert.True(all[1].Duplicate, "a redelivery carries the DUP flag");
        var counters = client.Statistics.Snapshot();
        Assert.Equal(1, counters.Disconnects[MqttDisconnectReason.HandlerFailed]);
        Assert.Equal(1, counters.HandlerFailures);
        Assert.True(counters.Reconnects >= 1);
    }

    [Fact]
    public async Task A_silent_broker_is_detected_by_keep_alive_and_the_client_reconnects()
    {
        var server = await TestServers.Mosquitto;
        await using var proxy = new RecordingTcpProxy(server.Host, server.Port);
        var topic = MosquittoTestOptions.UniqueTopic("silent");
        var collector = new MessageCollector();
        var options = MosquittoTestOptions.For(server, url: proxy.Url);
        options.KeepAliveSeconds = 1;
        options.ConnectTimeout = TimeSpan.FromSeconds(1);
        await using var client = new ResilientMqttClient(options, collector.HandleAsync, new TestLogger<ResilientMqttClient>(output));
        await client.SubscribeAsync(topic);
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(_patience);

        proxy.Freeze();
        var clock = Stopwatch.StartNew();
        while (client.Statistics.Snapshot().Disconnects[MqttDisconnectReason.KeepAliveTimeout] == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "keep-alive did not notice the silence");
            await Task.Delay(20);
        }
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(4));
        proxy.Thaw();

        while (client.Statistics.Snapshot().Reconnects == 0 || client.State != MqttConnectionState.Connected)
        {
            Assert.True(clock.Elapsed < _patience, "no reconnect after the network came back");
            await Task.Delay(20);
        }
        await using var publisher = await MqttConnection.ConnectAsync(MosquittoTestOptions.For(server), null, _logger, CancellationToken.None);
        await publisher.PublishAsync(topic, "after"u8.ToArray());
        await collector.WaitForCountAsync(1);
    }

    private static async Task<(int ExitCode, string StandardError)> RunClientAsync(string program, MosquittoServer server, params string[] arguments)
    {
        using var process = StartClient(program, server, arguments);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(_patience);
        return (process.ExitCode, await stderr);
    }

    private static Process StartClient(string program, MosquittoServer server, params string[] arguments)
    {
        var psi = new ProcessStartInfo(RequiredBinary.Find(program, "mosquitto-clients"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-h", server.Host, "-p", server.PortText, "-u", server.User, "-P", server.Password, .. arguments])
        {
            psi.ArgumentList.Add(argument);
        }
        return Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
    }
}
