using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Storage.Events;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using StackExchange.Redis;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class EventsApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Camera_event_stream_delivers_that_cameras_events_only(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var watched = $"sse-{Guid.NewGuid():N}"[..14];
        var other = $"sse-{Guid.NewGuid():N}"[..14];
        var admin = host.As(ApiRoles.Admin);
        foreach (var id in new[] { watched, other })
        {
            await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id, source_type = "http_push" }), HttpStatusCode.Created);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var cameraStream = await SseStream.OpenAsync(host.As(ApiRoles.Viewer), $"/api/cameras/{watched}/events", timeout.Token);
        await using var allStream = await SseStream.OpenAsync(host.As(ApiRoles.Viewer), "/api/events", timeout.Token);

        await PushAsync(host, other);
        await PushAsync(host, watched);

        var mine = await cameraStream.NextAsync(e => e.Type == "frame.ingested", timeout.Token);
        Assert.Equal(watched, mine.Data.GetProperty("camera_id").GetString());
        Assert.Equal("frame.ingested", mine.Data.GetProperty("type").GetString());
        Assert.DoesNotContain(cameraStream.Seen, e => e.Data.GetProperty("camera_id").GetString() == other);
        // The all-cameras stream sees both.
        await allStream.NextAsync(e => e.Data.GetProperty("camera_id").GetString() == other, timeout.Token);
        await allStream.NextAsync(e => e.Data.GetProperty("camera_id").GetString() == watched, timeout.Token);
    }

    [Fact]
    public async Task Redis_events_carry_the_seeds_event_type_and_data_beside_the_flat_fields()
    {
        var host = await hosts.Cluster;
        var pushed = $"seed-{Guid.NewGuid():N}"[..14];
        var rtsp = $"seed-{Guid.NewGuid():N}"[..14];
        var admin = host.As(ApiRoles.Admin);
        // A seed consumer: subscribed to the cameras' own channels, camera:{camera_id}, on the cluster's Redis.
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await TestServers.Redis).Configuration);
        var received = Channel.CreateUnbounded<JsonElement>();
        foreach (var id in new[] { pushed, rtsp })
        {
            var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(CameraEventChannels.For(id)));
            queue.OnMessage(message => received.Writer.TryWrite(JsonDocument.Parse((byte[])message.Message!).RootElement.Clone()));
        }
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = pushed, source_type = "http_push" }), HttpStatusCode.Created);
        var server = await TestServers.Rtsp;
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = rtsp, source_type = "rtsp", source_url = server.Url, fps = 1 }), HttpStatusCode.Created);
        try
        {
            var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            await PushAsync(host, pushed);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            var frame = await NextAsync(received.Reader, pushed, "frame.ingested", timeout.Token);
            AssertSeedShape(frame, pushed, "frame.ingested", before - 5);
            Assert.Equal(frame.GetProperty("sequence").GetInt64(), frame.GetProperty("data").GetProperty("sequence").GetInt64());
            Assert.Equal(frame.GetProperty("size_bytes").GetInt64(), frame.GetProperty("data").GetProperty("size_bytes").GetInt64());
            Assert.Equal("http_push", frame.GetProperty("data").GetProperty("source").GetString());

            var connected = await NextAsync(received.Reader, rtsp, "camera.connected", timeout.Token);
            AssertSeedShape(connected, rtsp, "camera.connected", before - 5);
            Assert.Equal("rtsp", connected.GetProperty("data").GetProperty("source").GetString());
            Assert.Equal(connected.GetProperty("fps").GetDouble(), connected.GetProperty("data").GetProperty("fps").GetDouble());
        }
        finally
        {
            await admin.DeleteAsync($"/api/cameras/{rtsp}");
        }
    }

    [Fact]
    public async Task Standalone_stream_events_carry_the_seeds_event_type_and_data_beside_the_flat_fields()
    {
        var host = await hosts.Standalone;
        var camera = $"seed-{Guid.NewGuid():N}"[..14];
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "http_push" }), HttpStatusCode.Created);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await SseStream.OpenAsync(host.As(ApiRoles.Viewer), $"/api/cameras/{camera}/events", timeout.Token);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        await PushAsync(host, camera);

        var (type, frame) = await stream.NextAsync(e => e.Type == "frame.ingested", timeout.Token);
        AssertSeedShape(frame, camera, type, before - 5);
        Assert.Equal(frame.GetProperty("sequence").GetInt64(), frame.GetProperty("data").GetProperty("sequence").GetInt64());
        Assert.Equal("http_push", frame.GetProperty("data").GetProperty("source").GetString());
    }

    /// <summary>The seed's envelope (<c>event_type</c>, <c>data</c>) and the flat fields, with the same camera and time.</summary>
    private static void AssertSeedShape(JsonElement payload, string camera, string type, double notBefore)
    {
        Assert.Equal(type, payload.GetProperty("event_type").GetString());
        Assert.Equal(type, payload.GetProperty("type").GetString());
        Assert.Equal(camera, payload.GetProperty("camera_id").GetString());
        var data = payload.GetProperty("data");
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
        Assert.Equal(camera, data.GetProperty("camera_id").GetString());
        // Unix seconds (not milliseconds): within a minute of now.
        var timestamp = data.GetProperty("timestamp").GetDouble();
        Assert.InRange(timestamp, notBefore, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 + 60);
        Assert.Equal(payload.GetProperty("timestamp").GetDouble(), timestamp);
    }

    private static async Task<JsonElement> NextAsync(ChannelReader<JsonElement> events, string camera, string type, CancellationToken cancellationToken)
    {
        while (true)
        {
            var payload = await events.ReadAsync(cancellationToken);
            // Matched by the flat fields, which the product published before this change too.
            if (payload.GetProperty("type").GetString() == type && payload.GetProperty("camera_id").GetString() == camera)
            {
                return payload;
            }
        }
    }

    [Fact]
    public async Task Event_stream_of_an_unknown_camera_is_404_and_of_an_invalid_id_400()
    {
        var viewer = (await hosts.Standalone).As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/cameras/not-there/events"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/cameras/bad%24id/events"), HttpStatusCode.BadRequest, "camera id");
    }

    [Fact]
    public async Task An_event_stream_ends_when_the_token_it_was_opened_with_expires()
    {
        var host = await hosts.Standalone;
        // Expired 20 s ago, still accepted within the 30 s of clock skew: valid for about 10 s more.
        var expiring = TestAuth.Token(ApiRoles.Viewer, lifetime: TimeSpan.FromSeconds(20), issuedAt: DateTimeOffset.UtcNow - TimeSpan.FromSeconds(40));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await using var expiringStream = await SseStream.OpenAsync(host.WithToken(expiring), "/api/events", timeout.Token);
        await using var validStream = await SseStream.OpenAsync(host.As(ApiRoles.Viewer), "/api/events", timeout.Token);

        await expiringStream.EndAsync(timeout.Token);

        // The other stream, opened with a valid token at the same time, is still open.
        using var stillOpen = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => validStream.EndAsync(stillOpen.Token));
        await ApiAssert.StatusAsync(await host.WithToken(expiring).GetAsync("/api/events"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_event_stream_opened_with_a_token_valid_for_a_year_stays_open()
    {
        var host = await hosts.Standalone;
        // Longer than a timer can wait (about 49 days): the stream is simply not cut at the token's expiry.
        var longLived = TestAuth.Token(ApiRoles.Viewer, lifetime: TimeSpan.FromDays(365));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await SseStream.OpenAsync(host.WithToken(longLived), "/api/events", timeout.Token);

        using var stillOpen = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.EndAsync(stillOpen.Token));
    }

    private static async Task PushAsync(GatewayHost host, string camera)
    {
        var raw = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync($"/api/ingest/push/{camera}", raw), HttpStatusCode.OK);
    }
}
