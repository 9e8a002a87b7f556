using System.Collections.Concurrent;
using System.Diagnostics;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Mqtt.Protocol;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>Connection behaviour against a scripted fake broker, where every packet on the wire is visible.</summary>
public sealed class MqttConnectionTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(10);
    private readonly FakeMqttBroker _broker = new();
    private readonly TestLogger<MqttConnection> _logger = new(output);

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Connect_sends_client_id_credentials_keep_alive_and_clean_session()
    {
        var options = Options();
        options.User = "gateway";
        options.Password = "s3cret";
        options.KeepAliveSeconds = 45;
        options.CleanSession = false;

        var (session, connection) = await ConnectAsync(options, null, sessionPresent: true);
        await using var _ = connection;
        var connect = session.Connect;

        Assert.Equal(options.ClientId, connect.ClientId);
        Assert.False(connect.CleanSession);
        Assert.Equal(45, connect.KeepAliveSeconds);
        Assert.Equal("gateway", connect.UserName);
        Assert.Equal("s3cret"u8.ToArray(), connect.Password!.Value.ToArray());
        Assert.True(connection.SessionPresent);
        Assert.DoesNotContain(_logger.Entries, e => e.Message.Contains("s3cret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(MqttConnectReturnCode.UnacceptableProtocolVersion, "broker refused the connection: unacceptable protocol version (the broker does not speak MQTT 3.1.1) (code 1)")]
    [InlineData(MqttConnectReturnCode.IdentifierRejected, "broker refused the connection: client identifier rejected (code 2)")]
    [InlineData(MqttConnectReturnCode.ServerUnavailable, "broker refused the connection: server unavailable (code 3)")]
    [InlineData(MqttConnectReturnCode.BadUserNameOrPassword, "broker refused the connection: bad user name or password (code 4)")]
    [InlineData(MqttConnectReturnCode.NotAuthorized, "broker refused the connection: not authorized (code 5)")]
    public async Task Connect_turns_each_refusal_code_into_a_clear_message(MqttConnectReturnCode code, string expected)
    {
        var connecting = MqttConnection.ConnectAsync(Options(), null, _logger, CancellationToken.None);
        await using var session = await _broker.AcceptAsync();
        await session.AcceptConnectAsync(code);

        var error = await Assert.ThrowsAsync<MqttConnectionRefusedException>(() => connecting);

        Assert.Equal(code, error.ReturnCode);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task Connect_times_out_when_the_broker_never_answers()
    {
        var options = Options();
        options.ConnectTimeout = TimeSpan.FromMilliseconds(500);
        var clock = Stopwatch.StartNew();
        var connecting = MqttConnection.ConnectAsync(options, null, _logger, CancellationToken.None);
        await using var session = await _broker.AcceptAsync();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => connecting);

        Assert.Contains("no CONNACK", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Acknowledgements_leave_in_receive_order_when_handlers_finish_out_of_order()
    {
        var gates = Enumerable.Range(0, 6).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = new ConcurrentQueue<ushort>();
        Task Handler(MqttApplicationMessage message, CancellationToken token)
        {
            started.Enqueue(message.PacketId);
            return gates[message.PacketId].Task;
        }
        var (session, connection) = await ConnectAsync(Options(), Handler);
        await using var _ = connection;

        for (ushort id = 1; id <= 5; id++)
        {
            await session.SendAsync(new PublishPacket("camera/c1/image_json", new byte[] { (byte)id }, MqttQualityOfService.AtLeastOnce, id));
        }
        await WaitUntilAsync(() => started.Count == 5); // all five handlers run at once
        for (var id = 5; id >= 2; id--)
        {
            gates[id].SetResult();
        }
        Assert.True(await session.StaysSilentAsync(TimeSpan.FromMilliseconds(300)), "no PUBACK may overtake message 1");
        gates[1].SetResult();

        var acks = new List<ushort> { Assert.IsType<PubAckPacket>(await session.ReadPendingAsync(_patience)).PacketId };
        while (acks.Count < 5)
        {
            acks.Add(Assert.IsType<PubAckPacket>(await session.ReadAsync()).PacketId);
        }
        Assert.Equal(new ushort[] { 1, 2, 3, 4, 5 }, acks);
    }

    [Fact]
    public async Task At_most_max_in_flight_handlers_run_at_once()
    {
        var options = Options();
        options.MaxInFlight = 3;
        var running = 0;
        var peak = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Handler(MqttApplicationMessage message, CancellationToken token)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await release.Task;
            Interlocked.Decrement(ref running);
        }
        var (session, connection) = await ConnectAsync(options, Handler);
        await using var _ = connection;

        for (ushort id = 1; id <= 8; id++)
        {
            await session.SendAsync(new PublishPacket("t", new byte[] { 1 }, MqttQualityOfService.AtLeastOnce, id));
        }
        await WaitUntilAsync(() => Volatile.Read(ref running) == 3);
        await Task.Delay(200);
        Assert.Equal(3, Volatile.Read(ref peak));
        release.SetResult();

        var acks = new List<ushort>();
        while (acks.Count < 8)
        {
            acks.Add(Assert.IsType<PubAckPacket>(await session.ReadAsync()).PacketId);
        }
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (ushort)i), acks);
        Assert.Equal(3, peak);
    }

    [Fact]
    public async Task Qos0_messages_are_handled_and_never_acknowledged()
    {
        var received = new TaskCompletionSource<MqttApplicationMessage>();
        var (session, connection) = await ConnectAsync(Options(), (m, _) => { received.TrySetResult(m); return Task.CompletedTask; });
        await using var _ = connection;

        await session.SendAsync(new PublishPacket("camera/c1/image_json", "{}"u8.ToArray(), Retain: true));
        var message = await received.Task.WaitAsync(_patience);

        Assert.Equal("camera/c1/image_json", message.Topic);
        Assert.Equal("{}"u8.ToArray(), message.Payload.ToArray());
        Assert.Equal(MqttQualityOfService.AtMostOnce, message.Qos);
        Assert.True(message.Retain);
        Assert.True(await session.StaysSilentAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_failing_handler_is_not_acknowledged_and_drops_the_connection()
    {
        Task Handler(MqttApplicationMessage message, CancellationToken token) =>
            message.PacketId == 2 ? throw new InvalidOperationException("grain unavailable") : Task.CompletedTask;
        var (session, connection) = await ConnectAsync(Options(), Handler);
        await using var _ = connection;

        await session.SendAsync(new PublishPacket("t", new byte[] { 1 }, MqttQualityOfService.AtLeastOnce, 1));
        await session.SendAsync(new PublishPacket("t", new byte[] { 2 }, MqttQualityOfService.AtLeastOnce, 2));
        await session.SendAsync(new PublishPacket("t", new byte[] { 3 }, MqttQualityOfService.AtLeastOnce, 3));

        Assert.Equal(1, Assert.IsType<PubAckPacket>(await session.ReadAsync()).PacketId);
        Assert.Null(await session.ReadAsync()); // closed without acknowledging 2 (or 3)
        var closed = await connection.Closed.WaitAsync(_patience);
        Assert.Equal(MqttDisconnectReason.HandlerFailed, closed.Reason);
        Assert.Contains("will be redelivered", closed.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(closed.Exception);
    }

    [Fact]
    public async Task Keep_alive_sends_pings_and_closes_a_connection_whose_broker_went_silent()
    {
        var options = Options();
        options.KeepAliveSeconds = 1;
        var (session, connection) = await ConnectAsync(options, null);
        await using var _ = connection;
        var clock = Stopwatch.StartNew();

        Assert.IsType<PingReqPacket>(await session.ReadAsync(TimeSpan.FromSeconds(2)));
        var closed = await connection.Closed.WaitAsync(_patience);

        Assert.Equal(MqttDisconnectReason.KeepAliveTimeout, closed.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Keep_alive_stays_up_while_the_broker_answers_pings()
    {
        var options = Options();
        options.KeepAliveSeconds = 1;
        var (session, connection) = await ConnectAsync(options, null);
        await using var _ = connection;

        var answered = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3.5))
        {
            Assert.IsType<PingReqPacket>(await session.ReadAsync(TimeSpan.FromSeconds(2)));
            await session.SendAsync(PingRespPacket.Instance);
            answered++;
        }

        Assert.True(connection.IsConnected);
        Assert.InRange(answered, 3, 20);
    }

    [Fact]
    public async Task Malformed_bytes_from_the_broker_close_the_connection_as_a_protocol_error()
    {
        var (session, connection) = await ConnectAsync(Options(), null);
        await using var _ = connection;

        await session.SendRawAsync([0x36, 0x00]); // PUBLISH with QoS 3

        var closed = await connection.Closed.WaitAsync(_patience);
        Assert.Equal(MqttDisconnectReason.ProtocolError, closed.Reason);
        Assert.Contains("QoS 3", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_packet_over_the_size_limit_closes_the_connection()
    {
        var options = Options();
        options.MaxPacketBytes = 1024;
        var (session, connection) = await ConnectAsync(options, (_, _) => Task.CompletedTask);
        await using var _ = connection;

        await session.SendAsync(new PublishPacket("t", new byte[2000], MqttQualityOfService.AtLeastOnce, 1));

        var closed = await connection.Closed.WaitAsync(_patience);
        Assert.Equal(MqttDisconnectReason.ProtocolError, closed.Reason);
        Assert.Contains("exceeds the limit of 1024 bytes", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_qos2_publish_from_the_broker_is_a_protocol_error()
    {
        var (session, connection) = await ConnectAsync(Options(), (_, _) => Task.CompletedTask);
        await using var _ = connection;

        await session.SendAsync(new PublishPacket("t", new byte[1], MqttQualityOfService.ExactlyOnce, 1));

        var closed = await connection.Closed.WaitAsync(_patience);
        Assert.Equal(MqttDisconnectReason.ProtocolError, closed.Reason);
        Assert.Contains("QoS 2 is not supported", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_reports_a_failure_return_code_clearly()
    {
        var (session, connection) = await ConnectAsync(Options(), null);
        await using var _ = connection;

        var subscribing = connection.SubscribeAsync("$share/gw/camera/+/image_json", MqttQualityOfService.AtLeastOnce);
        var subscribe = Assert.IsType<SubscribePacket>(await session.ReadAsync());
        Assert.Equal("$share/gw/camera/+/image_json", Assert.Single(subscribe.Subscriptions).TopicFilter);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, subscribe.Subscriptions[0].Qos);
        await session.SendAsync(new SubAckPacket(subscribe.PacketId, [MqttSubAckReturnCode.Failure]));

        var error = await Assert.ThrowsAsync<MqttSubscriptionRejectedException>(() => subscribing);
        Assert.Equal("broker rejected the subscription to '$share/gw/camera/+/image_json' (SUBACK return code 0x80: failure; check the broker's ACL and the filter)", error.Message);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Qos1_publish_completes_on_puback_with_a_fresh_packet_id_each_time()
    {
        var (session, connection) = await ConnectAsync(Options(), null);
        await using var _ = connection;

        var first = connection.PublishAsync("camera/c1/image_json", "a"u8.ToArray());
        var second = connection.PublishAsync("camera/c1/image_json", "b"u8.ToArray());
        var p1 = Assert.IsType<PublishPacket>(await session.ReadAsync());
        var p2 = Assert.IsType<PublishPacket>(await session.ReadAsync());
        Assert.NotEqual(p1.PacketId, p2.PacketId);
        Assert.All(new[] { p1, p2 }, p => Assert.NotEqual(0, p.PacketId));
        Assert.False(first.IsCompleted);

        await session.SendAsync(new PubAckPacket(p2.PacketId));
        await second.WaitAsync(_patience);
        Assert.False(first.IsCompleted);
        await session.SendAsync(new PubAckPacket(p1.PacketId));
        await first.WaitAsync(_patience);
    }

    [Fact]
    public async Task Pending_publishes_fail_with_the_close_reason_when_the_connection_drops()
    {
        var (session, connection) = await ConnectAsync(Options(), null);
        await using var _ = connection;

        var publishing = connection.PublishAsync("t", "x"u8.ToArray());
        Assert.IsType<PublishPacket>(await session.ReadAsync());
        session.Close();

        var error = await Assert.ThrowsAsync<MqttConnectionClosedException>(() => publishing.WaitAsync(_patience));
        Assert.Equal(MqttDisconnectReason.ConnectionLost, error.Info.Reason);
    }

    [Fact]
    public async Task Disconnect_waits_for_running_handlers_then_acknowledges_and_sends_disconnect()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (session, connection) = await ConnectAsync(Options(), (_, _) => release.Task);
        await using var _ = connection;
        await session.SendAsync(new PublishPacket("t", new byte[1], MqttQualityOfService.AtLeastOnce, 9));
        await Task.Delay(100);

        var disconnecting = connection.DisconnectAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(disconnecting.IsCompleted);
        release.SetResult();
        await disconnecting.WaitAsync(_patience);

        Assert.Equal(9, Assert.IsType<PubAckPacket>(await session.ReadAsync()).PacketId);
        Assert.IsType<DisconnectPacket>(await session.ReadAsync());
        Assert.Null(await session.ReadAsync());
        Assert.Equal(MqttDisconnectReason.ClientDisconnected, (await connection.Closed).Reason);
    }

    [Fact]
    public async Task Publish_rejects_qos2_and_wildcard_topics_before_sending()
    {
        var (_, connection) = await ConnectAsync(Options(), null);
        await using var _ = connection;

        await Assert.ThrowsAsync<ArgumentException>(() => connection.PublishAsync("a/+", "x"u8.ToArray()));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => connection.PublishAsync("a", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce));
        Assert.Contains("QoS 2 is not supported", error.Message, StringComparison.Ordinal);
    }

    private MqttOptions Options() => new()
    {
        BrokerUrl = _broker.Url,
        ClientId = "test-" + Guid.NewGuid().ToString("N")[..8],
        CleanSession = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    private async Task<(ScriptedSession Session, MqttConnection Connection)> ConnectAsync(MqttOptions options, MqttMessageHandler? handler, bool sessionPresent = false)
    {
        var connecting = MqttConnection.ConnectAsync(options, handler, _logger, CancellationToken.None);
        var session = await _broker.AcceptAsync();
        var accepting = session.AcceptConnectAsync(sessionPresent: sessionPresent);
        await Task.WhenAny(accepting, connecting);
        if (connecting.IsFaulted)
        {
            await connecting; // surfaces why the client gave up
        }
        return (new ScriptedSession(session, await accepting), await connecting);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < _patience, "condition not reached in time");
            await Task.Delay(10);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Volatile.Read(ref target);
        }
    }

    /// <summary>The fake broker's session with the CONNECT it received.</summary>
    private sealed record ScriptedSession(FakeBrokerSession Broker, ConnectPacket Connect)
    {
        public Task<MqttPacket?> ReadAsync(TimeSpan? timeout = null) => Broker.ReadAsync(timeout);

        public Task SendAsync(MqttPacket packet) => Broker.SendAsync(packet);

        public Task SendRawAsync(byte[] bytes) => Broker.SendRawAsync(bytes);

        public Task<bool> StaysSilentAsync(TimeSpan window) => Broker.StaysSilentAsync(window);

        public Task<MqttPacket?> ReadPendingAsync(TimeSpan timeout) => Broker.ReadPendingAsync(timeout);

        public void Close() => Broker.Close();
    }
}
