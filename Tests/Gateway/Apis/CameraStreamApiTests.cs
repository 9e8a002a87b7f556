using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>The camera-ingest seed's <c>POST /api/cameras/{id}/connect</c> and <c>/disconnect</c>, against the real RTSP server.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CameraStreamApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Disconnect_stops_an_rtsp_cameras_capture_and_connect_starts_it_again(StorageKind storage)
    {
        var server = await TestServers.Rtsp;
        var host = await hosts.Get(storage);
        var admin = host.As(ApiRoles.Admin);
        var camera = $"stream-{Guid.NewGuid():N}"[..16];
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "rtsp", source_url = server.Url, fps = 2, persist = new { mode = "none" } }),
            HttpStatusCode.Created);
        try
        {
            await WaitForCaptureAsync(admin, camera, "connected");

            var disconnected = await ApiAssert.StatusAsync(await admin.PostAsync($"/api/cameras/{camera}/disconnect", null), HttpStatusCode.OK);
            Assert.Equal($"Disconnected camera {camera}", disconnected.GetProperty("message").GetString());
            var stopped = await CameraAsync(admin, camera);
            Assert.Equal("stopped", stopped.GetProperty("capture").GetString());
            // No more frames: at 2 fps a running capture would take about 6 in 3 s.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(stopped.GetProperty("frames_received").GetInt64(), (await CameraAsync(admin, camera)).GetProperty("frames_received").GetInt64());
            // Sent again (a client's retry): the same answer.
            await ApiAssert.StatusAsync(await admin.PostAsync($"/api/cameras/{camera}/disconnect", null), HttpStatusCode.OK);

            var connected = await ApiAssert.StatusAsync(await admin.PostAsync($"/api/cameras/{camera}/connect", null), HttpStatusCode.OK);
            Assert.Equal($"Attempting to connect to camera {camera}", connected.GetProperty("message").GetString());
            await WaitForCaptureAsync(admin, camera, "connected");
            var before = stopped.GetProperty("frames_received").GetInt64();
            await Eventually.TrueAsync(async () => (await CameraAsync(admin, camera)).GetProperty("frames_received").GetInt64() > before,
                TimeSpan.FromSeconds(30), "frames arrive again");
        }
        finally
        {
            await admin.DeleteAsync($"/api/cameras/{camera}");
        }
    }

    [Fact]
    public async Task An_mjpeg_camera_registered_over_the_api_captures_stores_mjpeg_images_and_disconnects_as_an_rtsp_camera_does()
    {
        // The camera-ingest seed's cameras.json registers HTTP MJPEG cameras: {"id", "source_type": "mjpeg", "source_url"}.
        await using var source = await MjpegHttpCamera.StartAsync(SharedJpegs.Samples.StaticScene);
        var host = await hosts.Standalone;
        var admin = host.As(ApiRoles.Admin);
        var camera = $"mjpeg-{Guid.NewGuid():N}"[..16];
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "mjpeg", source_url = "rtsp://127.0.0.1/x" }),
            HttpStatusCode.BadRequest, "http://");
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "mjpeg" }), HttpStatusCode.BadRequest, "source_url");
        var created = await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras",
            new { id = camera, source_type = "mjpeg", source_url = source.Url, fps = 2, persist = new { mode = "all" } }), HttpStatusCode.Created);
        Assert.Equal("mjpeg", created.GetProperty("source_type").GetString());
        try
        {
            await WaitForCaptureAsync(admin, camera, "connected");
            using (var latest = await admin.GetAsync($"/api/cameras/{camera}/frame/latest"))
            {
                Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
                Assert.Equal("image/jpeg", latest.Content.Headers.ContentType?.MediaType);
                // ffmpeg encodes the frames it reads again: a whole JPEG, not the camera's bytes.
                Assert.True(Rtsp.Support.RtspTestOptions.IsWholeJpeg(await latest.Content.ReadAsByteArrayAsync()));
            }
            // Its stored frames are images of source mjpeg, as the camera's source type is named.
            var stored = await Eventually.LastAsync(async () => await ApiAssert.JsonAsync(await admin.GetAsync($"/api/v1/images?camera_id={camera}")),
                page => page.GetProperty("images").GetArrayLength() > 0, TimeSpan.FromSeconds(30));
            Assert.True(stored.GetProperty("images").GetArrayLength() > 0, "a frame of the MJPEG camera was stored within 30 s");
            Assert.Equal("mjpeg", stored.GetProperty("images")[0].GetProperty("source").GetString());
            var raw = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
            await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).PostAsync($"/api/ingest/push/{camera}", raw), HttpStatusCode.BadRequest, "MJPEG stream");

            await ApiAssert.StatusAsync(await admin.PostAsync($"/api/cameras/{camera}/disconnect", null), HttpStatusCode.OK);
            Assert.Equal("stopped", (await CameraAsync(admin, camera)).GetProperty("capture").GetString());
            await ApiAssert.StatusAsync(await admin.PostAsync($"/api/cameras/{camera}/connect", null), HttpStatusCode.OK);
            await WaitForCaptureAsync(admin, camera, "connected");
        }
        finally
        {
            await admin.DeleteAsync($"/api/cameras/{camera}");
        }
    }

    [Fact]
    public async Task Connect_and_disconnect_refuse_a_camera_without_a_stream_an_unknown_camera_a_bad_id_and_a_viewer()
    {
        var host = await hosts.Standalone;
        var admin = host.As(ApiRoles.Admin);
        var pushed = $"pushcam-{Guid.NewGuid():N}"[..16];
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = pushed, source_type = "http_push" }), HttpStatusCode.Created);

        foreach (var action in new[] { "connect", "disconnect" })
        {
            await ApiAssert.ProblemAsync(await admin.PostAsync($"/api/cameras/{pushed}/{action}", null), HttpStatusCode.BadRequest, "only RTSP and MJPEG cameras");
            await ApiAssert.ProblemAsync(await admin.PostAsync($"/api/cameras/not-there/{action}", null), HttpStatusCode.NotFound);
            await ApiAssert.ProblemAsync(await admin.PostAsync($"/api/cameras/bad%24id/{action}", null), HttpStatusCode.BadRequest, "camera id");
            await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).PostAsync($"/api/cameras/{pushed}/{action}", null), HttpStatusCode.Forbidden);
        }
        // The push camera still takes frames.
        var raw = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync($"/api/ingest/push/{pushed}", raw), HttpStatusCode.OK);
    }

    private static async Task<JsonElement> CameraAsync(HttpClient client, string camera) =>
        await ApiAssert.StatusAsync(await client.GetAsync($"/api/cameras/{camera}"), HttpStatusCode.OK);

    private static Task WaitForCaptureAsync(HttpClient client, string camera, string status) =>
        Eventually.TrueAsync(async () => (await CameraAsync(client, camera)).GetProperty("capture").GetString() == status,
            TimeSpan.FromSeconds(30), $"capture {status}");
}
