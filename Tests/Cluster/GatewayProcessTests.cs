using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// The Gateway executable with auth on, in front of silo processes: who may do what (as the API's policies
/// define it), and an RTSP capture request carried out by a silo's ffmpeg and stored in S3.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class GatewayProcessTests(SecuredCluster cluster) : IClassFixture<SecuredCluster>
{
    private const string Cameras = "/api/cameras";
    private const string Camera = "/api/cameras/{camera}";
    private const string Push = "/api/ingest/push/{camera}";
    private const string Dashboard = "/dashboard/";
    private const string Reprocess = "/api/admin/images/no-such-image/processed";
    private const string DeadLetters = "/api/admin/dead-letters";
    private const string RtspCapture = "/api/v1/ingest/rtsp";

    /// <summary>
    /// Who calls (no token, a refused token, or a role; <c>camera</c> holds a token for <c>{camera}</c>), what, and
    /// the answer. <c>{camera}</c> is a camera registered for the row, with a frame; <c>{other}</c> another camera.
    /// </summary>
    public static TheoryData<string, string, string, HttpStatusCode> Matrix
    {
        get
        {
            var rows = new TheoryData<string, string, string, HttpStatusCode>();
            foreach (var refused in new[] { "none", "bad-signature", "expired" })
            {
                foreach (var (method, path) in new[] { ("GET", Cameras), ("GET", Camera), ("POST", Cameras), ("PATCH", Camera), ("DELETE", Camera), ("POST", Push),
                             ("GET", Dashboard), ("DELETE", Reprocess), ("GET", DeadLetters), ("POST", RtspCapture) })
                {
                    rows.Add(refused, method, path, HttpStatusCode.Unauthorized);
                }
            }
            rows.Add(ApiRoles.Viewer, "GET", Cameras, HttpStatusCode.OK);
            rows.Add(ApiRoles.Viewer, "GET", Camera, HttpStatusCode.OK);
            rows.Add(ApiRoles.Viewer, "GET", Camera + "/frame/latest", HttpStatusCode.OK);
            rows.Add(ApiRoles.Viewer, "POST", Cameras, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Viewer, "PATCH", Camera, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Viewer, "DELETE", Camera, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Viewer, "POST", Push, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Viewer, "GET", Dashboard, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Viewer, "DELETE", Reprocess, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Viewer, "GET", DeadLetters, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Viewer, "POST", RtspCapture, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Ingest, "POST", Push, HttpStatusCode.OK);
            rows.Add(ApiRoles.Ingest, "GET", Camera, HttpStatusCode.OK);
            rows.Add(ApiRoles.Ingest, "POST", Cameras, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Ingest, "PATCH", Camera, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Ingest, "DELETE", Camera, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Ingest, "GET", Dashboard, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Ingest, "DELETE", Reprocess, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Camera, "POST", Push, HttpStatusCode.OK);
            rows.Add(ApiRoles.Camera, "POST", "/api/ingest/push/{other}", HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Camera, "GET", Camera, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Camera, "DELETE", Camera, HttpStatusCode.Forbidden);
            rows.Add(ApiRoles.Admin, "POST", Cameras, HttpStatusCode.Created);
            rows.Add(ApiRoles.Admin, "PATCH", Camera, HttpStatusCode.OK);
            rows.Add(ApiRoles.Admin, "DELETE", Camera, HttpStatusCode.NoContent);
            rows.Add(ApiRoles.Admin, "GET", Dashboard, HttpStatusCode.OK);
            rows.Add(ApiRoles.Admin, "GET", "/dashboard/DashboardCounters", HttpStatusCode.OK);
            rows.Add(ApiRoles.Admin, "DELETE", Reprocess, HttpStatusCode.NotFound);
            rows.Add(ApiRoles.Admin, "GET", DeadLetters, HttpStatusCode.OK);
            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task The_gateway_process_answers_who_may_do_what(string caller, string method, string path, HttpStatusCode expected)
    {
        var cameraId = $"auth-{Guid.NewGuid().ToString("N")[..10]}";
        var admin = cluster.As(ApiRoles.Admin);
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync(Cameras, new { id = cameraId, source_type = "http_push", persist = new { mode = "none" } }),
            HttpStatusCode.Created);
        await ApiAssert.StatusAsync(await admin.SendAsync(Request("POST", Push.Replace("{camera}", cameraId))), HttpStatusCode.OK);
        var client = caller switch
        {
            "none" => cluster.Anonymous(),
            "bad-signature" => cluster.WithToken(TestAuth.WronglySigned(ApiRoles.Admin)),
            "expired" => cluster.WithToken(TestAuth.Expired(ApiRoles.Admin)),
            _ => cluster.As(caller, cameraId),
        };

        using var response = await client.SendAsync(Request(method, path.Replace("{camera}", cameraId).Replace("{other}", cameraId + "-other")));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{caller} {method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        if (expected == HttpStatusCode.Unauthorized)
        {
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            if (caller != "none")
            {
                Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
                Assert.Contains(caller == "expired" ? "expired" : "signature", challenge.Parameter, StringComparison.Ordinal);
            }
        }
        if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            // Refused at the door: nothing changed.
            var info = await ApiAssert.StatusAsync(await admin.GetAsync(Camera.Replace("{camera}", cameraId)), HttpStatusCode.OK);
            Assert.Equal(1, info.GetProperty("frames_received").GetInt64());
            Assert.Equal(30, info.GetProperty("buffer_size").GetInt32());
        }
    }

    [Fact]
    public async Task An_rtsp_capture_request_through_the_gateway_process_stores_the_captured_frames_in_s3()
    {
        var ingest = cluster.As(ApiRoles.Ingest);
        var viewer = cluster.As(ApiRoles.Viewer);
        var cameraId = $"capture-{Guid.NewGuid().ToString("N")[..8]}";

        using var accepted = await ingest.PostAsJsonAsync(RtspCapture, new
        {
            source_type = "rtsp",
            rtsp_url = cluster.Rtsp.Url,
            camera_id = cameraId,
            capture_mode = "burst",
            frames = 3,
            fps = 2,
            meta = new { line = "B" },
        });
        var request = await ApiAssert.StatusAsync(accepted, HttpStatusCode.Accepted);
        var requestId = request.GetProperty("request_id").GetString()!;
        Assert.Equal($"/api/v1/ingest/status/{requestId}", accepted.Headers.Location?.OriginalString);
        var status = await WaitForEndAsync(viewer, requestId);

        Assert.True(status.GetProperty("status").GetString() == "completed", status.GetRawText());
        Assert.Equal("rtsp", status.GetProperty("kind").GetString());
        Assert.Equal(640, status.GetProperty("stream").GetProperty("width").GetInt32());
        var files = status.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(3, files.Count);
        using var s3 = (await TestServers.S3).CreateClient();
        foreach (var file in files)
        {
            // The object in S3 is the very frame the status names: its hash and size, a whole 640×360 JPEG of the test pattern.
            using var stored = await s3.GetObjectAsync(cluster.Cluster.Settings["Storage__Bucket"], file.GetProperty("object_key").GetString());
            using var bytes = new MemoryStream();
            await stored.ResponseStream.CopyToAsync(bytes);
            var jpeg = bytes.ToArray();
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(jpeg)));
            Assert.Equal(file.GetProperty("size_bytes").GetInt64(), jpeg.Length);
            Assert.Equal("image/jpeg", file.GetProperty("content_type").GetString());
            var inspection = JpegInspector.Inspect(jpeg);
            Assert.True(inspection.IsValid, inspection.Reason);
            Assert.Equal((640, 360), (inspection.Width, inspection.Height));
            Assert.True(HasPicture(jpeg), "the frame shows the moving test pattern, not a blank image");

            var imageId = file.GetProperty("image_id").GetString();
            var image = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/images/{imageId}"), HttpStatusCode.OK);
            Assert.Equal((cameraId, "rtsp", requestId, "B"), (image.GetProperty("camera_id").GetString(), image.GetProperty("source").GetString(),
                image.GetProperty("request_id").GetString(), image.GetProperty("meta").GetProperty("line").GetString()));
            using var content = await viewer.GetAsync($"/api/v1/images/{imageId}/content");
            Assert.Equal(HttpStatusCode.OK, content.StatusCode);
            Assert.Equal(jpeg, await content.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(3, files.Select(f => f.GetProperty("sha256").GetString()).Distinct().Count());
    }

    private HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (path.StartsWith("/api/ingest/push/", StringComparison.Ordinal))
        {
            request.Content = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } };
        }
        else if (method == "POST" && path == Cameras)
        {
            request.Content = JsonContent.Create(new { id = $"new-{Guid.NewGuid().ToString("N")[..10]}", source_type = "http_push" });
        }
        else if (method == "PATCH")
        {
            request.Content = JsonContent.Create(new { buffer_size = 10 });
        }
        else if (path == RtspCapture)
        {
            request.Content = JsonContent.Create(new { source_type = "rtsp", rtsp_url = cluster.Rtsp.Url, camera_id = "never", capture_mode = "single_frame" });
        }
        return request;
    }

    private static async Task<JsonElement> WaitForEndAsync(HttpClient client, string requestId)
    {
        JsonElement status = default;
        await Eventually.TrueAsync(async () =>
        {
            status = await ApiAssert.StatusAsync(await client.GetAsync($"/api/v1/ingest/status/{requestId}"), HttpStatusCode.OK);
            return status.GetProperty("status").GetString() is "completed" or "failed";
        }, TimeSpan.FromSeconds(90), $"capture request {requestId} finished");
        return status;
    }

    /// <summary>Whether the decoded picture has both dark and bright pixels (the test pattern's ball on its background).</summary>
    private static bool HasPicture(byte[] jpeg)
    {
        var header = TurboJpeg.ReadHeader(jpeg);
        var rgb = new byte[header.Width * header.Height * 3];
        TurboJpeg.DecodeRgb(jpeg, rgb, header.Width, header.Height);
        return rgb.Any(b => b < 32) && rgb.Any(b => b > 224);
    }
}
