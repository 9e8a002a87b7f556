using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>The camera-ingest seed's <c>GET /api/cameras/{id}/stream/live.mjpeg</c>: the live frames as multipart/x-mixed-replace.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LiveStreamApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_live_stream_sends_the_latest_frame_then_each_new_one(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = $"live-{Guid.NewGuid():N}"[..14];
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "http_push" }), HttpStatusCode.Created);
        var frames = SharedJpegs.Samples.StaticScene;
        await PushAsync(host, camera, frames[0]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await using var stream = await MjpegParts.OpenAsync(host.As(ApiRoles.Viewer), $"/api/cameras/{camera}/stream/live.mjpeg", timeout.Token);
        var first = await stream.NextAsync(timeout.Token);
        Assert.Equal(frames[0], first.Jpeg);
        await PushAsync(host, camera, frames[1]);
        var second = await stream.NextAsync(timeout.Token);

        Assert.Equal(frames[1], second.Jpeg);
        Assert.True(second.Sequence > first.Sequence);
        Assert.Equal("image/jpeg", second.ContentType);
    }

    [Fact]
    public async Task Without_frame_events_the_stream_finds_new_frames_by_polling()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?> { ["Ingest:PublishFrameEvents"] = "false" });
        var camera = $"poll-{Guid.NewGuid():N}"[..14];
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "http_push", fps = 5 }), HttpStatusCode.Created);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await MjpegParts.OpenAsync(host.As(ApiRoles.Viewer), $"/api/cameras/{camera}/stream/live.mjpeg", timeout.Token);

        // No frame yet: the stream is open and waits. The first push shows up within a poll.
        await PushAsync(host, camera, SharedJpegs.Samples.TestCard);
        Assert.Equal(SharedJpegs.Samples.TestCard, (await stream.NextAsync(timeout.Token)).Jpeg);
    }

    [Fact]
    public async Task The_live_stream_ends_when_its_camera_is_deleted()
    {
        var host = await hosts.Standalone;
        var camera = $"gone-{Guid.NewGuid():N}"[..14];
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "http_push" }), HttpStatusCode.Created);
        await PushAsync(host, camera, SharedJpegs.Samples.TestCard);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await MjpegParts.OpenAsync(host.As(ApiRoles.Viewer), $"/api/cameras/{camera}/stream/live.mjpeg", timeout.Token);
        await stream.NextAsync(timeout.Token);

        await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).DeleteAsync($"/api/cameras/{camera}"), HttpStatusCode.NoContent);

        Assert.Null(await stream.NextOrEndAsync(timeout.Token));
    }

    [Fact]
    public async Task The_live_stream_of_an_unknown_camera_is_404_of_a_bad_id_400_and_without_a_token_401()
    {
        var host = await hosts.Standalone;
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/cameras/not-there/stream/live.mjpeg"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/cameras/bad%24id/stream/live.mjpeg"), HttpStatusCode.BadRequest, "camera id");
        await ApiAssert.StatusAsync(await host.Anonymous().GetAsync("/api/cameras/not-there/stream/live.mjpeg"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_live_stream_ends_when_the_token_it_was_opened_with_expires()
    {
        var host = await hosts.Standalone;
        var camera = $"exp-{Guid.NewGuid():N}"[..14];
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "http_push" }), HttpStatusCode.Created);
        await PushAsync(host, camera, SharedJpegs.Samples.TestCard);
        // Expired 18 s ago, still accepted within the 30 s of clock skew: valid for about 12 s more.
        var expiring = TestAuth.Token(ApiRoles.Viewer, lifetime: TimeSpan.FromSeconds(20), issuedAt: DateTimeOffset.UtcNow - TimeSpan.FromSeconds(38));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await using var stream = await MjpegParts.OpenAsync(host.WithToken(expiring), $"/api/cameras/{camera}/stream/live.mjpeg", timeout.Token);
        await stream.NextAsync(timeout.Token);

        Assert.Null(await stream.NextOrEndAsync(timeout.Token));
    }

    private static async Task PushAsync(GatewayHost host, string camera, byte[] jpeg)
    {
        var raw = new ByteArrayContent(jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync($"/api/ingest/push/{camera}", raw), HttpStatusCode.OK);
    }

    /// <summary>Reads the parts of a multipart/x-mixed-replace response as a viewer does.</summary>
    private sealed class MjpegParts : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly Stream _body;

        private MjpegParts(HttpResponseMessage response, Stream body) => (_response, _body) = (response, body);

        public static async Task<MjpegParts> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken)
        {
            var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("multipart/x-mixed-replace", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("frame", response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "boundary").Value);
            var parts = new MjpegParts(response, await response.Content.ReadAsStreamAsync(cancellationToken));
            // The first boundary comes with the headers, before any frame.
            Assert.Equal("--frame", await parts.ReadLineAsync(cancellationToken));
            return parts;
        }

        public async Task<(byte[] Jpeg, long Sequence, string ContentType)> NextAsync(CancellationToken cancellationToken) =>
            await NextOrEndAsync(cancellationToken) ?? throw new InvalidOperationException("the stream ended");

        public async Task<(byte[] Jpeg, long Sequence, string ContentType)?> NextOrEndAsync(CancellationToken cancellationToken)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var line = await ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }
            for (; line is { Length: > 0 }; line = await ReadLineAsync(cancellationToken))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon]] = line[(colon + 1)..].Trim();
            }
            var jpeg = new byte[int.Parse(headers["Content-Length"], CultureInfo.InvariantCulture)];
            await _body.ReadExactlyAsync(jpeg, cancellationToken);
            // A browser shows a part once it sees the next boundary: it follows the frame at once.
            Assert.Equal(string.Empty, await ReadLineAsync(cancellationToken));
            Assert.Equal("--frame", await ReadLineAsync(cancellationToken));
            return (jpeg, long.Parse(headers["X-Frame-Sequence"], CultureInfo.InvariantCulture), headers["Content-Type"]);
        }

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (true)
            {
                if (await _body.ReadAsync(one, cancellationToken) == 0)
                {
                    return line.Length == 0 ? null : line.ToString();
                }
                if (one[0] == '\n')
                {
                    return line.ToString().TrimEnd('\r');
                }
                line.Append((char)one[0]);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _body.DisposeAsync();
            _response.Dispose();
        }
    }
}
