using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class PushApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Pushed_frames_become_the_latest_frame_with_timestamp_and_sequence(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = $"push-{Guid.NewGuid():N}"[..16];
        var client = host.As(ApiRoles.Camera, camera);

        using var form = Multipart.Form(Multipart.File("frame_file", SharedJpegs.Samples.StaticScene[0], "f.jpg", "image/jpeg"), Multipart.Text("timestamp", "1750000000.25"));
        var first = await ApiAssert.StatusAsync(await client.PostAsync($"/api/ingest/push/{camera}", form), HttpStatusCode.OK);
        var raw = new ByteArrayContent(SharedJpegs.Samples.StaticScene[1]) { Headers = { ContentType = new("image/jpeg") } };
        var second = await ApiAssert.StatusAsync(await client.PostAsync($"/api/ingest/push/{camera}?timestamp=1750000001.5", raw), HttpStatusCode.OK);

        Assert.True(second.GetProperty("sequence").GetInt64() > first.GetProperty("sequence").GetInt64());
        Assert.False(second.GetProperty("motion").GetBoolean());
        Assert.True(second.TryGetProperty("area", out _));

        using var latest = await host.As(ApiRoles.Viewer).GetAsync($"/api/cameras/{camera}/frame/latest");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal("image/jpeg", latest.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SharedJpegs.Samples.StaticScene[1], await latest.Content.ReadAsByteArrayAsync());
        Assert.Equal("1750000001.500", latest.Headers.GetValues("X-Frame-Timestamp").Single());
        Assert.Equal(second.GetProperty("sequence").GetInt64().ToString(CultureInfo.InvariantCulture), latest.Headers.GetValues("X-Frame-Sequence").Single());
    }

    [Fact]
    public async Task The_push_answer_carries_the_camera_ingest_seeds_message_and_the_frames_timestamp()
    {
        // The seed answered 200 {"message":"Frame ingested successfully","timestamp":<the frame's Unix seconds>}, and its
        // Python clients check `r.status_code == 200`: exactly 200, for the multipart form and the raw body alike.
        var host = await hosts.Standalone;
        var camera = $"seedans-{Guid.NewGuid():N}"[..16];
        var client = host.As(ApiRoles.Camera, camera);

        using (var form = Multipart.Form(Multipart.File("frame_file", SharedJpegs.Samples.StaticScene[0], "f.jpg", "image/jpeg"), Multipart.Text("timestamp", "1750000000.25")))
        {
            using var response = await client.PostAsync($"/api/ingest/push/{camera}", form);
            Assert.Equal(200, (int)response.StatusCode);
            var given = await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
            Assert.Equal("Frame ingested successfully", given.GetProperty("message").GetString());
            Assert.Equal(1750000000.25, given.GetProperty("timestamp").GetDouble(), 6);
            Assert.True(given.TryGetProperty("sequence", out _));
        }

        // The raw image/jpeg body, and the same push sent again (answered with the first answer): 200 as well.
        long? firstSequence = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var raw = new ByteArrayContent(SharedJpegs.Samples.StaticScene[1]) { Headers = { ContentType = new("image/jpeg") } };
            using var response = await client.PostAsync($"/api/ingest/push/{camera}?timestamp=1750000001.5", raw);
            Assert.Equal(200, (int)response.StatusCode);
            var given = await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
            Assert.Equal("Frame ingested successfully", given.GetProperty("message").GetString());
            Assert.Equal(1750000001.5, given.GetProperty("timestamp").GetDouble(), 6);
            var sequence = given.GetProperty("sequence").GetInt64();
            Assert.Equal(firstSequence ?? sequence, sequence);
            firstSequence = sequence;
        }

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        using var untimed = Multipart.Form(Multipart.File("frame_file", SharedJpegs.Samples.StaticScene[1], "f.jpg", "image/jpeg"));
        var arrived = await ApiAssert.StatusAsync(await client.PostAsync($"/api/ingest/push/{camera}", untimed), HttpStatusCode.OK);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        Assert.Equal("Frame ingested successfully", arrived.GetProperty("message").GetString());
        var stamp = arrived.GetProperty("timestamp").GetDouble();
        Assert.InRange(stamp, before - 1, after + 1);

        using var latest = await host.As(ApiRoles.Viewer).GetAsync($"/api/cameras/{camera}/frame/latest");
        var stored = double.Parse(latest.Headers.GetValues("X-Frame-Timestamp").Single(), CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(stamp - stored) < 0.0011, $"answered {stamp}, stored {stored}");

        // The seed's README pushes `date +%s.%N`: the answer echoes the very number sent (the frame keeps milliseconds).
        const string nanoseconds = "1750000002.123456789";
        using (var form = Multipart.Form(Multipart.File("frame_file", SharedJpegs.Samples.StaticScene[0], "f.jpg", "image/jpeg"), Multipart.Text("timestamp", nanoseconds)))
        {
            var echoed = await ApiAssert.StatusAsync(await client.PostAsync($"/api/ingest/push/{camera}", form), HttpStatusCode.OK);
            Assert.Equal(double.Parse(nanoseconds, CultureInfo.InvariantCulture), echoed.GetProperty("timestamp").GetDouble());
        }
        // A timestamp of 0 was "none" to the seed (`timestamp or time.time()`): the arrival.
        using (var form = Multipart.Form(Multipart.File("frame_file", SharedJpegs.Samples.StaticScene[1], "f.jpg", "image/jpeg"), Multipart.Text("timestamp", "0")))
        {
            var now = await ApiAssert.StatusAsync(await client.PostAsync($"/api/ingest/push/{camera}", form), HttpStatusCode.OK);
            Assert.InRange(now.GetProperty("timestamp").GetDouble(), before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        }
    }

    [Fact]
    public async Task Latest_frame_is_404_before_the_first_frame_and_for_an_unknown_camera()
    {
        var host = await hosts.Standalone;
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).PostAsJsonAsync("/api/cameras", new { id = "no-frames-yet", source_type = "http_push" }), HttpStatusCode.Created);
        var viewer = host.As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/cameras/no-frames-yet/frame/latest"), HttpStatusCode.NotFound, "no frame");
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/cameras/never-registered/frame/latest"), HttpStatusCode.NotFound, "not registered");
    }

    [Fact]
    public async Task Push_with_a_body_that_is_not_a_jpeg_is_415()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var png = new ByteArrayContent(Samples.Png) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-415", png), HttpStatusCode.UnsupportedMediaType, "JPEG");
        var text = new StringContent("hello");
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-415", text), HttpStatusCode.UnsupportedMediaType);
        using var form = Multipart.Form(Multipart.File("frame_file", Samples.Png, "f.png", "image/png"));
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-415", form), HttpStatusCode.UnsupportedMediaType, "JPEG");
    }

    [Fact]
    public async Task Push_of_a_truncated_jpeg_is_400()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var truncated = new ByteArrayContent(Samples.Jpeg[..200]) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-truncated", truncated), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Push_of_an_oversize_frame_is_413()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var big = new byte[GatewaySettings.MaxFrameSize + 10];
        Samples.Jpeg.AsSpan(0, 16).CopyTo(big);
        using var form = Multipart.Form(Multipart.File("frame_file", big, "f.jpg", "image/jpeg"));
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-big", form), HttpStatusCode.RequestEntityTooLarge);
        var raw = new ByteArrayContent(big) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-big", raw), HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_push_refused_for_its_frame_registers_no_unknown_camera(StorageKind storage)
    {
        // The silos take less than the gateway lets through, so the camera grain is the one to refuse the large frame.
        var settings = new Dictionary<string, string?> { ["Ingest:MaxFrameBytes"] = "4096" };
        await using var host = storage == StorageKind.Standalone ? await StandaloneGateway.StartAsync(settings) : (GatewayHost)await ClusterGateway.StartAsync(settings);
        var client = host.As(ApiRoles.Ingest);
        var admin = host.As(ApiRoles.Admin);
        Assert.InRange(Samples.Jpeg.Length, 4097, GatewaySettings.MaxFrameSize);

        var truncated = new ByteArrayContent(Samples.Jpeg[..200]) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/typo-truncated", truncated), HttpStatusCode.BadRequest);
        var large = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/typo-large", large), HttpStatusCode.RequestEntityTooLarge, "Ingest__MaxFrameBytes");

        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/cameras/typo-truncated"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/cameras/typo-large"), HttpStatusCode.NotFound);
        var listed = await ApiAssert.StatusAsync(await admin.GetAsync("/api/cameras?skip=0&limit=100"), HttpStatusCode.OK);
        Assert.DoesNotContain("typo-", listed.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_push_to_an_rtsp_camera_is_400_and_buffers_nothing(StorageKind storage)
    {
        // As the camera-ingest seed: "not configured for HTTP_PUSH ingestion", 400.
        var host = await hosts.Get(storage);
        var camera = $"rtsponly-{Guid.NewGuid():N}"[..16];
        var admin = host.As(ApiRoles.Admin);
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "rtsp", source_url = "rtsp://127.0.0.1:9/nothing-listens" }), HttpStatusCode.Created);
        try
        {
            using var form = Multipart.Form(Multipart.File("frame_file", Samples.Jpeg, "f.jpg", "image/jpeg"));
            await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).PostAsync($"/api/ingest/push/{camera}", form), HttpStatusCode.BadRequest, "RTSP stream");

            await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync($"/api/cameras/{camera}/frame/latest"), HttpStatusCode.NotFound);
            var info = await ApiAssert.StatusAsync(await admin.GetAsync($"/api/cameras/{camera}"), HttpStatusCode.OK);
            Assert.Equal("rtsp", info.GetProperty("source_type").GetString());
        }
        finally
        {
            await admin.DeleteAsync($"/api/cameras/{camera}");
        }
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5")]
    [InlineData("1e300")]
    public async Task Push_with_an_invalid_timestamp_is_400(string timestamp)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.File("frame_file", Samples.Jpeg, "f.jpg", "image/jpeg"), Multipart.Text("timestamp", timestamp));
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-ts", form), HttpStatusCode.BadRequest, "timestamp");
    }

    [Fact]
    public async Task Push_without_frame_file_or_with_malformed_multipart_is_400()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        using var form = Multipart.Form(Multipart.Text("timestamp", "1750000000"));
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-missing", form), HttpStatusCode.BadRequest, "frame_file");
        await ApiAssert.ProblemAsync(await client.PostAsync("/api/ingest/push/cam-missing", Multipart.Truncated()), HttpStatusCode.BadRequest, "malformed");
    }

    [Theory]
    [InlineData("cam%241")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("c%D0%B0m")]
    public async Task Push_to_an_invalid_camera_id_is_400(string escapedId)
    {
        var client = (await hosts.Standalone).As(ApiRoles.Ingest);
        var raw = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.ProblemAsync(await client.PostAsync($"/api/ingest/push/{escapedId}", raw), HttpStatusCode.BadRequest, "camera id");
    }
}
