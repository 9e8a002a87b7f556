using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>The camera-ingest seed's event socket: <c>ws://…/api/events</c>, one JSON text message per event.</summary>
[Collection(GatewayCollection.Name)]
public sealed class EventsWebSocketTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_events_socket_sends_each_event_as_the_seeds_json_and_a_camera_socket_that_cameras_only(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var watched = $"ws-{Guid.NewGuid():N}"[..14];
        var other = $"ws-{Guid.NewGuid():N}"[..14];
        var admin = host.As(ApiRoles.Admin);
        foreach (var id in new[] { watched, other })
        {
            await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id, source_type = "http_push" }), HttpStatusCode.Created);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var all = await ConnectAsync(host, "/api/events", Bearer(TestAuth.Token(ApiRoles.Viewer)), timeout.Token);
        using var mine = await ConnectAsync(host, $"/api/cameras/{watched}/events", Bearer(TestAuth.Token(ApiRoles.Viewer)), timeout.Token);
        // The seed's clients may send text (its endpoint read and dropped it): the stream goes on.
        await all.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);

        await PushAsync(host, other);
        await PushAsync(host, watched);

        var fromAll = new List<JsonElement>();
        while (!fromAll.Any(e => CameraOf(e) == watched) || !fromAll.Any(e => CameraOf(e) == other))
        {
            fromAll.Add(await ReceiveAsync(all, timeout.Token));
        }
        var frame = fromAll.First(e => CameraOf(e) == watched && e.GetProperty("event_type").GetString() == "frame.ingested");
        Assert.Equal("http_push", frame.GetProperty("data").GetProperty("source").GetString());
        Assert.InRange(frame.GetProperty("data").GetProperty("timestamp").GetDouble(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);

        var own = await ReceiveAsync(mine, timeout.Token);
        Assert.Equal(watched, CameraOf(own));
        Assert.Equal("frame.ingested", own.GetProperty("event_type").GetString());

        await mine.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketState.Closed, mine.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, mine.CloseStatus);
    }

    [Fact]
    public async Task An_events_socket_is_refused_without_credentials_with_another_sites_cookie_and_for_an_unknown_camera()
    {
        var host = await hosts.Standalone;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var cookie = TestAuth.Token(ApiRoles.Viewer);

        Assert.Equal(HttpStatusCode.Unauthorized, await RefusalAsync(host, "/api/events", _ => { }, timeout.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusalAsync(host, "/api/events", SessionCookieFrom(cookie, "cross-site", host.BaseAddress.GetLeftPart(UriPartial.Authority)), timeout.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusalAsync(host, "/api/events", Bearer(TestAuth.Expired(ApiRoles.Viewer)), timeout.Token));
        Assert.Equal(HttpStatusCode.NotFound, await RefusalAsync(host, "/api/cameras/not-there/events", Bearer(TestAuth.Token(ApiRoles.Viewer)), timeout.Token));
        Assert.Equal(HttpStatusCode.BadRequest, await RefusalAsync(host, "/api/cameras/bad%24id/events", Bearer(TestAuth.Token(ApiRoles.Viewer)), timeout.Token));

        // No CORS guards a WebSocket: a page of another origin of the same site, in a browser that sends no
        // Sec-Fetch-Site, is refused for its Origin (browsers always send one on a handshake).
        var ownOrigin = host.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusalAsync(host, "/api/events", SessionCookieFrom(cookie, null, "http://localhost:1"), timeout.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusalAsync(host, "/api/events", SessionCookieFrom(cookie, null, null), timeout.Token));

        // The UI's own page (same origin) opens it with the session cookie.
        using var socket = await ConnectAsync(host, "/api/events", SessionCookieFrom(cookie, "same-origin", ownOrigin), timeout.Token);
        Assert.Equal(WebSocketState.Open, socket.State);
        using var older = await ConnectAsync(host, "/api/events", SessionCookieFrom(cookie, null, ownOrigin), timeout.Token);
        Assert.Equal(WebSocketState.Open, older.State);
    }

    [Fact]
    public async Task An_events_socket_is_closed_as_a_policy_violation_when_its_token_expires()
    {
        var host = await hosts.Standalone;
        // Expired 20 s ago, still accepted within the 30 s of clock skew: valid for about 10 s more.
        var expiring = TestAuth.Token(ApiRoles.Viewer, lifetime: TimeSpan.FromSeconds(20), issuedAt: DateTimeOffset.UtcNow - TimeSpan.FromSeconds(40));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        using var expiringSocket = await ConnectAsync(host, "/api/events", Bearer(expiring), timeout.Token);
        using var validSocket = await ConnectAsync(host, "/api/events", Bearer(TestAuth.Token(ApiRoles.Viewer)), timeout.Token);

        var buffer = new byte[64 * 1024];
        WebSocketReceiveResult received;
        do
        {
            received = await expiringSocket.ReceiveAsync(buffer, timeout.Token);
        }
        while (received.MessageType != WebSocketMessageType.Close);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, received.CloseStatus);
        Assert.Contains("credentials expired", received.CloseStatusDescription, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, validSocket.State);
    }

    [Fact]
    public async Task A_stopping_gateway_closes_its_event_sockets_as_going_away_without_waiting_out_its_shutdown()
    {
        var host = await StandaloneGateway.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = await ConnectAsync(host, "/api/events", Bearer(TestAuth.Token(ApiRoles.Viewer)), timeout.Token);
        var receiving = socket.ReceiveAsync(new byte[64 * 1024], timeout.Token);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        var stopped = host.DisposeAsync().AsTask();
        var received = await receiving;
        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, received.CloseStatus);
        // The client answers the close, as a browser does, and the gateway finishes stopping.
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        await stopped;

        // The host's shutdown timeout is 30 s: a socket that held it would show here.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(25), $"the gateway took {stopping.Elapsed} to stop");
    }

    private static Action<ClientWebSocketOptions> Bearer(string token) => options => options.SetRequestHeader("Authorization", $"Bearer {token}");

    private static Action<ClientWebSocketOptions> SessionCookieFrom(string token, string? site, string? origin) => options =>
    {
        options.SetRequestHeader("Cookie", $"{SessionCookie.Name}={token}");
        if (site is not null)
        {
            options.SetRequestHeader("Sec-Fetch-Site", site);
        }
        if (origin is not null)
        {
            options.SetRequestHeader("Origin", origin);
        }
    };

    private static async Task<ClientWebSocket> ConnectAsync(GatewayHost host, string path, Action<ClientWebSocketOptions> credentials, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        credentials(socket.Options);
        try
        {
            await socket.ConnectAsync(SocketUri(host, path), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return socket;
    }

    private static async Task<HttpStatusCode> RefusalAsync(GatewayHost host, string path, Action<ClientWebSocketOptions> credentials, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        credentials(socket.Options);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(SocketUri(host, path), cancellationToken));
        return socket.HttpStatusCode;
    }

    private static Uri SocketUri(GatewayHost host, string path) =>
        new UriBuilder(host.BaseAddress) { Scheme = host.BaseAddress.Scheme == "https" ? "wss" : "ws", Path = path }.Uri;

    private static async Task<JsonElement> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, cancellationToken);
            Assert.Equal(WebSocketMessageType.Text, received.MessageType);
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    private static string? CameraOf(JsonElement payload) => payload.GetProperty("data").GetProperty("camera_id").GetString();

    private static async Task PushAsync(GatewayHost host, string camera)
    {
        var raw = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync($"/api/ingest/push/{camera}", raw), HttpStatusCode.OK);
    }
}
