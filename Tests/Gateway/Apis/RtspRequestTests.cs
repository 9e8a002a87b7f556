using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Telemetry;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class RtspRequestTests(GatewayHosts hosts)
{
    private const string RtspPath = "/api/v1/ingest/rtsp";

    [Fact]
    public async Task An_rtsp_request_sent_again_with_its_idempotency_key_is_one_request()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var key = $"rtsp-{Guid.NewGuid():N}";
        HttpRequestMessage Post() => new(HttpMethod.Post, RtspPath)
        {
            Content = JsonContent.Create(new { source_type = "rtsp", rtsp_url = "rtsp://camera.test:554/stream1", camera_id = "rtsp-key-cam", capture_mode = "single_frame" }),
            Headers = { { "Idempotency-Key", key } },
        };

        var first = await ApiAssert.StatusAsync(await client.SendAsync(Post()), HttpStatusCode.Accepted);
        var second = await ApiAssert.StatusAsync(await client.SendAsync(Post()), HttpStatusCode.Accepted);

        var requestId = first.GetProperty("request_id").GetString()!;
        Assert.Equal(requestId, second.GetProperty("request_id").GetString());
        var status = await WaitForEndAsync(client, requestId);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Single(status.GetProperty("files").EnumerateArray());
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Rtsp_request_is_accepted_then_processed_into_one_image_per_frame(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);

        using var response = await client.PostAsJsonAsync(RtspPath, new
        {
            source_type = "rtsp",
            rtsp_url = "rtsp://user:secret@camera.test:554/stream1",
            camera_id = "rtsp-cam",
            capture_mode = "burst",
            frames = 3,
            fps = 5,
            meta = new { line = "A" },
        });

        var accepted = await ApiAssert.StatusAsync(response, HttpStatusCode.Accepted);
        var requestId = accepted.GetProperty("request_id").GetString()!;
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        var status = await WaitForEndAsync(client, requestId);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal("rtsp", status.GetProperty("kind").GetString());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("started_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("completed_at").ValueKind);
        var files = status.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(3, files.Count);
        var stream = status.GetProperty("stream");
        Assert.Equal(TestRtspCaptureExecutor.Stream.Codec, stream.GetProperty("codec").GetString());
        Assert.Equal(TestRtspCaptureExecutor.Stream.Width, stream.GetProperty("width").GetInt32());
        Assert.Equal(TestRtspCaptureExecutor.Stream.Height, stream.GetProperty("height").GetInt32());
        Assert.Equal(TestRtspCaptureExecutor.Stream.Fps, stream.GetProperty("fps").GetDouble());
        Assert.DoesNotContain("secret", status.GetRawText(), StringComparison.Ordinal);

        var image = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images/{files[0].GetProperty("image_id").GetString()}"));
        Assert.Equal("rtsp", image.GetProperty("source").GetString());
        Assert.Equal(requestId, image.GetProperty("request_id").GetString());
        Assert.Equal("A", image.GetProperty("meta").GetProperty("line").GetString());
        using var content = await client.GetAsync($"/api/v1/images/{files[0].GetProperty("image_id").GetString()}/content");
        Assert.Equal(SharedJpegs.Samples.StaticScene[0], await content.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Rtsp_request_for_a_stream_that_cannot_be_read_fails_with_the_reason()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var response = await client.PostAsJsonAsync(RtspPath, new
        {
            source_type = "rtsp",
            rtsp_url = $"rtsp://{TestRtspCaptureExecutor.FailingHost}/live",
            camera_id = "rtsp-cam",
            capture_mode = "single_frame",
        });
        var accepted = await ApiAssert.StatusAsync(response, HttpStatusCode.Accepted);

        var status = await WaitForEndAsync(client, accepted.GetProperty("request_id").GetString()!);

        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("connection refused", status.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(status.GetProperty("files").EnumerateArray());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"source_type":"http","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame"}""", "source_type" },
        // The seed's schema listed "upload" too; this endpoint only captures RTSP.
        { """{"source_type":"upload","rtsp_url":"rtsp://c/s","camera_id":"c"}""", "source_type must be \"rtsp\" (or left out)" },
        { """{"source_type":null,"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"timelapse"}""", "\"continuous\" or \"event_driven\"" },
        { """{"source_type":"rtsp","camera_id":"c","capture_mode":"single_frame"}""", "rtsp_url" },
        { """{"source_type":"rtsp","rtsp_url":"http://c/s","camera_id":"c","capture_mode":"single_frame"}""", "rtsp_url" },
        { """{"source_type":"rtsp","rtsp_url":"file:///etc/passwd","camera_id":"c","capture_mode":"single_frame"}""", "rtsp_url" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s x","camera_id":"c","capture_mode":"single_frame"}""", "rtsp_url" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","capture_mode":"single_frame"}""", "camera id" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"../../etc/passwd","capture_mode":"single_frame"}""", "camera id" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"timelapse"}""", "capture_mode" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"burst"}""", "frames" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"burst","frames":0}""", "frames" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"burst","frames":100000}""", "frames" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"duration"}""", "duration_s" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"duration","duration_s":-1}""", "duration_s" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"duration","duration_s":100000}""", "duration_s" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"duration","duration_s":300,"fps":30}""", "frames" },
        // The TrackShift seed's capture_duration: more than 0 seconds, at most as long as a capture may last.
        { """{"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"continuous","capture_duration":0}""", "capture_duration must be greater than 0" },
        { """{"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"continuous","capture_duration":-5}""", "capture_duration" },
        { """{"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"event_driven","capture_duration":3600}""", "capture_duration must be greater than 0 and at most 300" },
        { """{"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"continuous","capture_duration":"long"}""", "capture_duration must be a number" },
        { """{"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"continuous","capture_duration":200,"fps":5}""", "capture_duration × fps asks for 1000 frames" },
        { """{"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"continuous","capture_duration":5,"frames":3}""", "frames" },
        { """{"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"continuous","capture_duration":5,"duration_s":5}""", "not both" },
        { """{"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"burst","frames":3,"capture_duration":5}""", "capture_duration" },
        { """{"rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","capture_duration":5,"fps":31}""", "fps" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","fps":0}""", "fps" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","fps":1000}""", "fps" },
        // Below the lowest rate a capture takes frames at.
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"burst","frames":2,"fps":0.0005}""", "fps" },
        // A burst that would hold a capture slot for longer than a capture may last: 99 intervals of 1,000 s.
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"burst","frames":100,"fps":0.001}""", "at most 300 s" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"burst","frames":2,"fps":0.003}""", "at most 300 s" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","meta":[1]}""", "meta" },
        // Refused when the capture would have stored its images, after the 202, by PostgreSQL's jsonb.
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","meta":{"n":"\u0000"}}""", "meta holds text that cannot be stored" },
        { $$"""{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","meta":{{IngestUploadTests.Nested(40)}}}""", "meta nests deeper" },
        // Numbers jsonb refuses, or would write out as 131,079 characters: refused before the 202, not when the frames are stored.
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","meta":{"x":1e131072}}""", "meta holds a number that cannot be stored" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","meta":{"x":1e-20000}}""", "meta holds a number that cannot be stored" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","meta":{"x":[1e131071]}}""", "meta holds a number that cannot be stored" },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"burst","frames":"many"}""", "frames must be a whole number" },
        { """{"source_type":"rtsp",""", "JSON" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Rtsp_request_with_an_invalid_body_is_400_naming_the_problem(string json, string mentioned)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var response = await client.PostAsync(RtspPath, new StringContent(json, Encoding.UTF8, "application/json"));
        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, mentioned);
    }

    [Fact]
    public async Task Rtsp_request_with_meta_over_the_meta_limit_is_413_also_when_only_its_written_out_numbers_are()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        string Body(string meta) => $$"""{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame","meta":{{meta}}}""";
        var large = Body($$"""{"note":"{{new string('x', 70 * 1024)}}"}""");
        await ApiAssert.ProblemAsync(await client.PostAsync(RtspPath, new StringContent(large, Encoding.UTF8, "application/json")),
            HttpStatusCode.RequestEntityTooLarge, "Upload__MaxMetaBytes");
        var writtenOutLarge = Body($"{{\"x\":[{string.Join(',', Enumerable.Repeat("1e300", 250))}]}}");
        await ApiAssert.ProblemAsync(await client.PostAsync(RtspPath, new StringContent(writtenOutLarge, Encoding.UTF8, "application/json")),
            HttpStatusCode.RequestEntityTooLarge, "written out in full");
    }

    [Fact]
    public async Task A_json_body_beyond_the_meta_limit_and_room_for_other_fields_is_413_whatever_it_holds()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        // A small request padded out: every field is fine, the body is not (Kestrel alone would take 30 MB).
        var padded = """{"source_type":"rtsp","rtsp_url":"rtsp://c/s","camera_id":"c","capture_mode":"single_frame"}""" + new string(' ', 2 * 1024 * 1024);

        await ApiAssert.ProblemAsync(await client.PostAsync(RtspPath, new StringContent(padded, Encoding.UTF8, "application/json")),
            HttpStatusCode.RequestEntityTooLarge);
        // Sent in chunks, with no length announced, the same.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(padded))) { Headers = { ContentType = new("application/json") } };
        using var request = new HttpRequestMessage(HttpMethod.Post, RtspPath) { Content = chunked, Headers = { TransferEncodingChunked = true } };
        await ApiAssert.ProblemAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>Bodies the TrackShift seed answered 202, and how many frames it captured for them (here the test double's).</summary>
    public static TheoryData<string, int> SeedBodies => new()
    {
        // Its defaults: source_type "rtsp", capture_mode "single_frame".
        { """{"rtsp_url":"rtsp://localhost:8554/webcam","camera_id":"test_webcam"}""", 1 },
        // testing/test_ingestion.sh, option 3.
        { """{"rtsp_url":"rtsp://localhost:8554/webcam","camera_id":"test_webcam","capture_mode":"single_frame","meta":{"session":"test","location":"local"}}""", 1 },
        // testing/api_smoke_test.py with --capture-mode continuous / event_driven: capture_duration 5 s at fps 1.
        { """{"source_type":"rtsp","rtsp_url":"rtsp://localhost:8554/webcam","camera_id":"SmokeTestCam","capture_mode":"continuous","capture_duration":5,"fps":1.0}""", 5 },
        { """{"source_type":"rtsp","rtsp_url":"rtsp://localhost:8554/webcam","camera_id":"SmokeTestCam","capture_mode":"event_driven","capture_duration":5,"fps":1.0}""", 5 },
        { """{"rtsp_url":"rtsp://localhost:8554/webcam","camera_id":"test_webcam","capture_mode":"continuous","capture_duration":2,"fps":2.5}""", 5 },
        // Without capture_duration the seed took the frames of its first 5 seconds, at its default 1 fps.
        { """{"rtsp_url":"rtsp://localhost:8554/webcam","camera_id":"test_webcam","capture_mode":"continuous"}""", 5 },
        // It took capture_duration with single_frame too, and captured one frame.
        { """{"rtsp_url":"rtsp://localhost:8554/webcam","camera_id":"test_webcam","capture_mode":"single_frame","capture_duration":10}""", 1 },
    };

    [Theory]
    [MemberData(nameof(SeedBodies))]
    public async Task Rtsp_request_with_a_trackshift_seed_body_is_accepted_and_captured(string json, int frames)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var response = await client.PostAsync(RtspPath, new StringContent(json, Encoding.UTF8, "application/json"));

        var accepted = await ApiAssert.StatusAsync(response, HttpStatusCode.Accepted);
        var requestId = accepted.GetProperty("request_id").GetString()!;
        var status = await WaitForEndAsync(client, requestId);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal("rtsp", status.GetProperty("kind").GetString());
        var files = status.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(frames, files.Count);
        var cameraId = JsonDocument.Parse(json).RootElement.GetProperty("camera_id").GetString();
        foreach (var file in files)
        {
            var image = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images/{file.GetProperty("image_id").GetString()}"));
            Assert.Equal("rtsp", image.GetProperty("source").GetString());
            Assert.Equal(cameraId, image.GetProperty("camera_id").GetString());
            Assert.Equal(requestId, image.GetProperty("request_id").GetString());
        }
        if (JsonDocument.Parse(json).RootElement.TryGetProperty("meta", out var meta))
        {
            var image = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images/{files[0].GetProperty("image_id").GetString()}"));
            Assert.Equal(meta.GetProperty("session").GetString(), image.GetProperty("meta").GetProperty("session").GetString());
            using var content = await client.GetAsync($"/api/v1/images/{files[0].GetProperty("image_id").GetString()}/content");
            Assert.Equal(SharedJpegs.Samples.StaticScene[0], await content.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Rtsp_request_that_is_not_json_is_415()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var response = await client.PostAsync(RtspPath, new StringContent("source_type=rtsp", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Status_of_an_unknown_request_is_404(StorageKind storage)
    {
        var client = (await hosts.Get(storage)).As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await client.GetAsync("/api/v1/ingest/status/req_000000000000000000000000"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Status_with_an_invalid_request_id_is_400()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await client.GetAsync($"/api/v1/ingest/status/{Uri.EscapeDataString("req$1")}"), HttpStatusCode.BadRequest, "request id");
    }

    [Fact]
    public async Task Frames_of_a_capture_request_count_in_the_seeds_frame_counter()
    {
        var host = await hosts.Standalone;
        var client = host.As(ApiRoles.Ingest);
        var cameraId = $"rtsp-count-{Guid.NewGuid().ToString("N")[..6]}";

        using var response = await client.PostAsJsonAsync(RtspPath, new
        {
            source_type = "rtsp",
            rtsp_url = "rtsp://camera.test:554/stream1",
            camera_id = cameraId,
            capture_mode = "burst",
            frames = 3,
            fps = 5,
        });
        var accepted = await ApiAssert.StatusAsync(response, HttpStatusCode.Accepted);
        Assert.Equal("completed", (await WaitForEndAsync(client, accepted.GetProperty("request_id").GetString()!)).GetProperty("status").GetString());

        // The TrackShift seed's dashboards count its captures in ingestion_frames_total.
        await Eventually.TrueAsync(async () =>
        {
            var scrape = Exposition.Parse(await host.Anonymous().GetStringAsync("/metrics"));
            return scrape.ValueOrZero($"ingestion_frames_total{{camera_id=\"{cameraId}\",source=\"rtsp\"}}") == 3;
        }, TimeSpan.FromSeconds(30), "three rtsp frames of the camera counted");
    }

    internal static async Task<JsonElement> WaitForEndAsync(HttpClient client, string requestId, TimeSpan? patience = null)
    {
        JsonElement status = default;
        await Eventually.TrueAsync(async () =>
        {
            status = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/ingest/status/{requestId}"));
            return status.GetProperty("status").GetString() is "completed" or "failed";
        }, patience ?? TimeSpan.FromSeconds(30), $"request {requestId} finished");
        return status;
    }
}
