using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Apis;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Rtsp.Support;

namespace IngestionCluster.Tests.Rtsp;

/// <summary>
/// <c>POST /api/v1/ingest/rtsp</c> end to end: the silo (standalone, or cluster mode with PostgreSQL and S3)
/// captures from a real RTSP server with the real ffmpeg.
/// </summary>
[Collection(RtspTestsCollection.Name)]
public sealed class CaptureRequestTests
{
    private const string RtspPath = "/api/v1/ingest/rtsp";

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Single_frame_burst_and_duration_requests_store_the_right_number_of_images(StorageKind storage)
    {
        var server = await TestServers.Rtsp;
        await using var gateway = await StartAsync(storage);
        var client = gateway.As(ApiRoles.Ingest);

        var single = await CaptureAsync(client, new { source_type = "rtsp", rtsp_url = server.Url, camera_id = "req-cam", capture_mode = "single_frame" });
        var burst = await CaptureAsync(client, new { source_type = "rtsp", rtsp_url = server.Url, camera_id = "req-cam", capture_mode = "burst", frames = 5, fps = 5 });
        var duration = await CaptureAsync(client, new { source_type = "rtsp", rtsp_url = server.Url, camera_id = "req-cam", capture_mode = "duration", duration_s = 2, fps = 2 });

        Assert.Equal("completed", single.GetProperty("status").GetString());
        Assert.Equal(1, single.GetProperty("files").GetArrayLength());
        var stream = single.GetProperty("stream");
        Assert.Contains(stream.GetProperty("codec").GetString(), new[] { "mjpeg", "jpeg" });
        Assert.Equal(640, stream.GetProperty("width").GetInt32());
        Assert.Equal(360, stream.GetProperty("height").GetInt32());
        Assert.InRange(stream.GetProperty("fps").GetDouble(), 9.5, 10.5);
        Assert.Equal("completed", burst.GetProperty("status").GetString());
        Assert.Equal(5, burst.GetProperty("files").GetArrayLength());
        Assert.Equal("completed", duration.GetProperty("status").GetString());
        Assert.Equal(4, duration.GetProperty("files").GetArrayLength());
        // Every stored image is a whole JPEG that ffmpeg cut from the stream (640×360, unlike the test double's samples).
        foreach (var file in duration.GetProperty("files").EnumerateArray())
        {
            using var content = await client.GetAsync($"/api/v1/images/{file.GetProperty("image_id").GetString()}/content");
            Assert.Equal(HttpStatusCode.OK, content.StatusCode);
            var jpeg = await content.Content.ReadAsByteArrayAsync();
            Assert.True(RtspTestOptions.IsWholeJpeg(jpeg));
            Assert.Equal(new JpegHeader(server.Settings.Width, server.Settings.Height), TurboJpeg.ReadHeader(jpeg));
        }
    }

    [Fact]
    public async Task An_unreachable_camera_and_a_wrong_path_fail_with_a_clear_reason_within_the_timeout()
    {
        var server = await TestServers.Rtsp;
        await using var gateway = await StartAsync(StorageKind.Standalone);
        var client = gateway.As(ApiRoles.Ingest);

        var clock = Stopwatch.StartNew();
        var unreachable = await CaptureAsync(client, new { source_type = "rtsp", rtsp_url = $"rtsp://user:secret@127.0.0.1:{FreePort.Next()}/live", camera_id = "req-cam", capture_mode = "single_frame" });
        var wrongPath = await CaptureAsync(client, new { source_type = "rtsp", rtsp_url = server.UrlFor("/no-such-stream"), camera_id = "req-cam", capture_mode = "single_frame" });

        Assert.Equal("failed", unreachable.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, unreachable.GetProperty("stream").ValueKind);
        Assert.StartsWith("unreachable", unreachable.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", unreachable.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("failed", wrongPath.GetProperty("status").GetString());
        Assert.StartsWith("stream_not_found", wrongPath.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"took {clock.Elapsed}");
    }

    private static readonly Dictionary<string, string?> _settings = new()
    {
        ["Rtsp:CaptureTimeout"] = "00:00:10",
        ["Work:PollInterval"] = "00:00:00.100",
    };

    private static async Task<GatewayHost> StartAsync(StorageKind storage) => storage == StorageKind.Standalone
        ? await StandaloneGateway.StartAsync(_settings, withCaptureExecutor: false)
        : await ClusterGateway.StartAsync(_settings, withCaptureExecutor: false);

    private static async Task<JsonElement> CaptureAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(RtspPath, body);
        var accepted = await ApiAssert.StatusAsync(response, HttpStatusCode.Accepted);
        return await RtspRequestTests.WaitForEndAsync(client, accepted.GetProperty("request_id").GetString()!);
    }
}
