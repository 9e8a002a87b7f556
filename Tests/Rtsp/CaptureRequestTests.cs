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
using IngestionCluster.Tests.Telemetry;

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
    public async Task The_trackshift_seeds_own_request_bodies_capture_from_a_real_stream()
    {
        var server = await TestServers.Rtsp;
        await using var gateway = await StartAsync(StorageKind.Standalone);
        var client = gateway.As(ApiRoles.Ingest);

        // testing/test_ingestion.sh: no source_type, capture_mode single_frame, the seed's meta.
        var script = await CaptureAsync(client, new { rtsp_url = server.Url, camera_id = "test_webcam", capture_mode = "single_frame", meta = new { session = "test", location = "local" } });
        // The seed's defaults: rtsp_url and camera_id only.
        var bare = await CaptureAsync(client, new { rtsp_url = server.Url, camera_id = "test_webcam" });
        // testing/api_smoke_test.py --capture-mode continuous (capture_duration 2 here) --fps 2.
        var continuous = await CaptureAsync(client, new { source_type = "rtsp", rtsp_url = server.Url, camera_id = "SmokeTestCam", capture_mode = "continuous", capture_duration = 2, fps = 2.0 });

        Assert.Equal("completed", script.GetProperty("status").GetString());
        Assert.Equal(1, script.GetProperty("files").GetArrayLength());
        var image = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images/{script.GetProperty("files")[0].GetProperty("image_id").GetString()}"));
        Assert.Equal("test_webcam", image.GetProperty("camera_id").GetString());
        Assert.Equal("local", image.GetProperty("meta").GetProperty("location").GetString());
        Assert.Equal("completed", bare.GetProperty("status").GetString());
        Assert.Equal(1, bare.GetProperty("files").GetArrayLength());
        Assert.Equal("completed", continuous.GetProperty("status").GetString());
        Assert.Equal(4, continuous.GetProperty("files").GetArrayLength());
        // The seed's own answer fields, as its clients read the frames: the stream's size, the seed's format name.
        Assert.Equal("rtsp", continuous.GetProperty("source_type").GetString());
        Assert.Equal("Successfully ingested 4 frame(s)", continuous.GetProperty("message").GetString());
        var frame = continuous.GetProperty("frames")[0];
        Assert.Equal(continuous.GetProperty("stream").GetProperty("width").GetInt32(), frame.GetProperty("width").GetInt32());
        Assert.True(frame.GetProperty("height").GetInt32() > 0);
        Assert.Equal("jpg", frame.GetProperty("format").GetString());
        foreach (var file in continuous.GetProperty("files").EnumerateArray())
        {
            using var content = await client.GetAsync($"/api/v1/images/{file.GetProperty("image_id").GetString()}/content");
            Assert.Equal(HttpStatusCode.OK, content.StatusCode);
            Assert.True(RtspTestOptions.IsWholeJpeg(await content.Content.ReadAsByteArrayAsync()));
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

    [Fact]
    public async Task Capture_requests_beyond_the_silos_limit_wait_for_a_slot_and_their_time_limit_starts_with_it()
    {
        var server = await TestServers.Rtsp;
        await using var gateway = await StartAsync(StorageKind.Standalone, new()
        {
            ["Rtsp:MaxConcurrentCaptures"] = "1",
            ["Work:RtspCaptureTimeout"] = "00:00:06",
        });
        var client = gateway.As(ApiRoles.Ingest);

        var body = new { source_type = "rtsp", rtsp_url = server.Url, camera_id = "queued-cam", capture_mode = "duration", duration_s = 2, fps = 2 };
        var accepted = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsJsonAsync(RtspPath, body);
            accepted.Add((await ApiAssert.StatusAsync(response, HttpStatusCode.Accepted)).GetProperty("request_id").GetString()!);
        }
        await Eventually.TrueAsync(async () =>
        {
            var scrape = Exposition.Parse(await gateway.Anonymous().GetStringAsync("/metrics"));
            return scrape.ValueOrZero("ingest_rtsp_captures_active") >= 1 && scrape.ValueOrZero("ingest_rtsp_captures_waiting") >= 1;
        }, TimeSpan.FromSeconds(20), "one capture running and the others waiting for its slot");
        // A request waiting for the slot stays 'accepted', without a start time, while one capture runs.
        await Eventually.TrueAsync(async () =>
        {
            var statuses = await Task.WhenAll(accepted.Select(async id => await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/ingest/status/{id}"))));
            return statuses.Count(s => s.GetProperty("status").GetString() == "processing") == 1
                && statuses.Any(s => s.GetProperty("status").GetString() == "accepted" && s.GetProperty("started_at").ValueKind == JsonValueKind.Null);
        }, TimeSpan.FromSeconds(20), "one request processing and a waiting one still accepted");
        var requests = await Task.WhenAll(accepted.Select(id => RtspRequestTests.WaitForEndAsync(client, id)));

        // One slot: the three captures ran one after the other, so their frames' capture times never overlap,
        // and the last one, which waited two captures long, still had its whole time limit.
        var windows = new List<(DateTimeOffset First, DateTimeOffset Last)>();
        foreach (var request in requests)
        {
            Assert.Equal("completed", request.GetProperty("status").GetString());
            Assert.Equal(4, request.GetProperty("files").GetArrayLength());
            var captured = new List<DateTimeOffset>();
            foreach (var file in request.GetProperty("files").EnumerateArray())
            {
                var image = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images/{file.GetProperty("image_id").GetString()}"));
                captured.Add(image.GetProperty("captured_at").GetDateTimeOffset());
            }
            windows.Add((captured.Min(), captured.Max()));
        }
        windows.Sort();
        for (var i = 1; i < windows.Count; i++)
        {
            Assert.True(windows[i].First > windows[i - 1].Last, $"captures overlapped: {string.Join(", ", windows)}");
        }
    }

    [Fact]
    public async Task A_slow_burst_gets_the_time_its_frames_need_beyond_both_time_limits()
    {
        var server = await TestServers.Rtsp;
        // One frame every 20 s: longer than the 15 s frame limit; the burst's 20 s or more longer than the 5 s request limit.
        // (The frame limit leaves the test server 15 s of slack: under a full clean-clone run its stream once paused for
        // longer than the 6 s it had before.)
        await using var gateway = await StartAsync(StorageKind.Standalone, new()
        {
            ["Rtsp:CaptureTimeout"] = "00:00:15",
            ["Work:RtspCaptureTimeout"] = "00:00:05",
        });
        var client = gateway.As(ApiRoles.Ingest);

        var burst = await CaptureAsync(client, new { source_type = "rtsp", rtsp_url = server.Url, camera_id = "slow-cam", capture_mode = "burst", frames = 2, fps = 0.05 },
            TimeSpan.FromSeconds(120));

        Assert.True(burst.GetProperty("status").GetString() == "completed", burst.ToString());
        Assert.Equal(2, burst.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task A_capture_request_that_waits_longer_than_the_queue_limit_fails_as_busy()
    {
        var server = await TestServers.Rtsp;
        await using var gateway = await StartAsync(StorageKind.Standalone, new()
        {
            ["Rtsp:MaxConcurrentCaptures"] = "1",
            ["Rtsp:CaptureQueueTimeout"] = "00:00:01",
        });
        var client = gateway.As(ApiRoles.Ingest);

        var requests = await Task.WhenAll(
            CaptureAsync(client, new { source_type = "rtsp", rtsp_url = server.Url, camera_id = "busy-cam", capture_mode = "duration", duration_s = 4, fps = 2 }),
            CaptureAsync(client, new { source_type = "rtsp", rtsp_url = server.Url, camera_id = "busy-cam", capture_mode = "single_frame" }));

        // Whichever got the slot captured; the other waited a second for it and gave up, storing nothing.
        var completed = Assert.Single(requests, r => r.GetProperty("status").GetString() == "completed");
        Assert.NotEqual(0, completed.GetProperty("files").GetArrayLength());
        var busy = Assert.Single(requests, r => r.GetProperty("status").GetString() == "failed");
        Assert.StartsWith("busy:", busy.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("Rtsp__MaxConcurrentCaptures", busy.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(busy.GetProperty("files").EnumerateArray());
    }

    private static readonly Dictionary<string, string?> _settings = new()
    {
        ["Rtsp:CaptureTimeout"] = "00:00:10",
        ["Work:PollInterval"] = "00:00:00.100",
    };

    private static async Task<GatewayHost> StartAsync(StorageKind storage, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        return storage == StorageKind.Standalone
            ? await StandaloneGateway.StartAsync(settings, withCaptureExecutor: false)
            : await ClusterGateway.StartAsync(settings, withCaptureExecutor: false);
    }

    private static async Task<JsonElement> CaptureAsync(HttpClient client, object body, TimeSpan? patience = null)
    {
        using var response = await client.PostAsJsonAsync(RtspPath, body);
        var accepted = await ApiAssert.StatusAsync(response, HttpStatusCode.Accepted);
        return await RtspRequestTests.WaitForEndAsync(client, accepted.GetProperty("request_id").GetString()!, patience);
    }
}
