using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class CamerasApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Camera_is_registered_listed_updated_and_deleted(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var admin = host.As(ApiRoles.Admin);
        var id = $"crud-{Guid.NewGuid():N}"[..16];

        using var created = await admin.PostAsJsonAsync("/api/cameras", new { id, source_type = "rtsp", source_url = "rtsp://user:pw@10.0.0.5/stream", fps = 2, persist = new { mode = "all" } });
        var info = await ApiAssert.StatusAsync(created, HttpStatusCode.Created);
        Assert.Equal($"/api/cameras/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("rtsp", info.GetProperty("source_type").GetString());
        Assert.DoesNotContain("pw@", info.GetProperty("source_url").GetString(), StringComparison.Ordinal);
        Assert.Equal("all", info.GetProperty("persist").GetProperty("mode").GetString());

        using var again = await admin.PostAsJsonAsync("/api/cameras", new { id, source_type = "rtsp", source_url = "rtsp://user:pw@10.0.0.5/stream", fps = 2, persist = new { mode = "all" } });
        await ApiAssert.StatusAsync(again, HttpStatusCode.OK);
        // Registered again with other settings (the camera-ingest seed's way to change one): replaced whole.
        using var replaced = await admin.PostAsJsonAsync("/api/cameras", new { id, source_type = "rtsp", source_url = "rtsp://user:pw@10.0.0.6/other", fps = 3 });
        var replacedInfo = await ApiAssert.StatusAsync(replaced, HttpStatusCode.OK);
        Assert.Equal("rtsp://***@10.0.0.6/other", replacedInfo.GetProperty("source_url").GetString());
        Assert.NotEqual("all", replacedInfo.GetProperty("persist").GetProperty("mode").GetString());

        var viewer = host.As(ApiRoles.Viewer);
        var one = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/cameras/{id}"), HttpStatusCode.OK);
        Assert.Equal(3, one.GetProperty("fps").GetDouble());
        Assert.Equal("rtsp://***@10.0.0.6/other", one.GetProperty("source_url").GetString());
        var list = await ApiAssert.StatusAsync(await viewer.GetAsync("/api/cameras?limit=1000"), HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("cameras").EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        using var patched = await admin.PatchAsync($"/api/cameras/{id}", JsonContent.Create(new { fps = 5, buffer_size = 10 }));
        var updated = await ApiAssert.StatusAsync(patched, HttpStatusCode.OK);
        Assert.Equal(5, updated.GetProperty("fps").GetDouble());
        Assert.Equal(10, updated.GetProperty("buffer_size").GetInt32());

        await ApiAssert.StatusAsync(await admin.DeleteAsync($"/api/cameras/{id}"), HttpStatusCode.NoContent);
        await ApiAssert.ProblemAsync(await viewer.GetAsync($"/api/cameras/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/api/cameras/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await admin.PatchAsync($"/api/cameras/{id}", JsonContent.Create(new { fps = 5 })), HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> InvalidRegistrations => new()
    {
        { """{"source_type":"http_push"}""", "camera id" },
        { """{"id":"../../etc/passwd","source_type":"http_push"}""", "camera id" },
        { $$"""{"id":"{{new string('x', 10 * 1024)}}","source_type":"http_push"}""", "camera id" },
        { """{"id":"c\u0430m","source_type":"http_push"}""", "camera id" },
        { """{"id":"cam-x"}""", "source_type" },
        { """{"id":"cam-x","source_type":"ftp"}""", "source_type must be one of" },
        // Enum fields take their names only: a number would be a value no name stands for.
        { """{"id":"cam-x","source_type":7}""", "source_type must be one of" },
        { """{"id":"cam-x","source_type":0}""", "source_type must be one of" },
        { """{"id":"cam-x","source_type":"http_push","persist":{"mode":9}}""", "persist.mode must be one of" },
        { """{"id":"cam-x","source_type":"rtsp"}""", "source_url" },
        { """{"id":"cam-x","source_type":"rtsp","source_url":"http://x/y"}""", "source_url" },
        { """{"id":"cam-x","source_type":"http_push","fps":0}""", "fps" },
        { """{"id":"cam-x","source_type":"http_push","buffer_size":100000}""", "buffer_size" },
        { """{"id":"cam-x","source_type":"http_push","motion":{"threshold":0}}""", "motion.threshold" },
        // 255 once passed here and then failed building the detector, after the camera was saved.
        { """{"id":"cam-x","source_type":"http_push","motion":{"threshold":255}}""", "motion.threshold" },
        { """{"id":"cam-x","source_type":"http_push","motion":{"background_rate":"NaN"}}""", "motion.background_rate" },
        { """{"id":"cam-x","source_type":"http_push","persist":{"mode":"every_n","every_n":0}}""", "every_n" },
        { """{"id":"cam-x",""", "JSON" },
    };

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public async Task Camera_registration_with_an_invalid_body_is_400(string json, string mentioned)
    {
        var admin = (await hosts.Standalone).As(ApiRoles.Admin);
        using var response = await admin.PostAsync("/api/cameras", new StringContent(json, Encoding.UTF8, "application/json"));
        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, mentioned);
    }

    [Fact]
    public async Task A_json_body_of_another_content_type_is_415_saying_what_to_send()
    {
        var admin = (await hosts.Standalone).As(ApiRoles.Admin);
        // curl -d sends application/x-www-form-urlencoded unless told otherwise.
        foreach (var path in new[] { "/api/cameras", "/api/v1/ingest/rtsp", "/api/v1/uploads" })
        {
            foreach (var type in new[] { "application/x-www-form-urlencoded", "text/plain" })
            {
                using var body = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"id":"cam-untyped","source_type":"http_push"}"""));
                body.Headers.ContentType = new(type);
                await ApiAssert.ProblemAsync(await admin.PostAsync(path, body), HttpStatusCode.UnsupportedMediaType, "JSON");
            }
        }
        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound, "/api/no-such-thing");
    }

    [Fact]
    public async Task A_json_body_without_a_content_type_is_read_as_json_as_the_seeds_fastapi_did()
    {
        // Python's requests.post(url, data=json.dumps(payload)) and httpx.post(url, content=…) send no Content-Type.
        var host = await hosts.Standalone;
        var admin = host.As(ApiRoles.Admin);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        static ByteArrayContent Body(string json, string? type)
        {
            var body = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            body.Headers.ContentType = type is null ? null : new(type);
            return body;
        }
        foreach (var type in new[] { "application/json", null })
        {
            var id = $"untyped-{suffix}-{(type is null ? "n" : "j")}";
            using var created = await admin.PostAsync("/api/cameras", Body($$"""{"id":"{{id}}","source_type":"http_push","fps":2}""", type));
            var info = await ApiAssert.StatusAsync(created, HttpStatusCode.Created);
            Assert.Equal(2, info.GetProperty("fps").GetDouble());
            using var patched = await admin.PatchAsync($"/api/cameras/{id}", Body("""{"fps":5}""", type));
            Assert.Equal(5, (await ApiAssert.StatusAsync(patched, HttpStatusCode.OK)).GetProperty("fps").GetDouble());

            var rtsp = $$"""{"source_type":"rtsp","rtsp_url":"rtsp://camera.test:554/stream1","camera_id":"{{id}}","capture_mode":"single_frame"}""";
            var accepted = await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync("/api/v1/ingest/rtsp", Body(rtsp, type)), HttpStatusCode.Accepted);
            Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        }
        // A content type that is there and wrong is still refused, and so is an untyped body invalid as JSON.
        await ApiAssert.ProblemAsync(await admin.PostAsync("/api/cameras", Body($$"""{"id":"untyped-{{suffix}}-t","source_type":"http_push"}""", "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "JSON");
        await ApiAssert.ProblemAsync(await admin.PostAsync("/api/cameras", Body("id=cam&source_type=http_push", null)), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/api/cameras/untyped-{suffix}-t"), HttpStatusCode.NotFound);
        // A raw frame pushed without a content type is still told to send image/jpeg.
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Ingest).PostAsync($"/api/ingest/push/untyped-{suffix}-n", new ByteArrayContent(Samples.Jpeg)),
            HttpStatusCode.UnsupportedMediaType, "image/jpeg");
    }

    [Fact]
    public async Task An_rtsp_camera_that_could_never_capture_is_refused_and_nothing_is_saved()
    {
        var admin = (await hosts.Standalone).As(ApiRoles.Admin);
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = "rtsp-space", source_type = "rtsp", source_url = "rtsp://127.0.0.1:8554/c am" }),
            HttpStatusCode.BadRequest, "source_url");
        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/cameras/rtsp-space"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = "rtsp-slow", source_type = "rtsp", source_url = "rtsp://127.0.0.1:8554/cam", fps = 0.0005 }),
            HttpStatusCode.BadRequest, "fps");
        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/cameras/rtsp-slow"), HttpStatusCode.NotFound);
        await ApiAssert.StatusAsync(await admin.GetAsync("/api/cameras"), HttpStatusCode.OK);
    }

    /// <summary>
    /// source_url values no camera can have, as JSON string contents: PostgreSQL refused U+0000 only at the list row,
    /// after the camera was saved (a 500, the camera registered and never listed).
    /// </summary>
    public static TheoryData<StorageKind, string> UnstorableSourceUrls
    {
        get
        {
            var data = new TheoryData<StorageKind, string>();
            foreach (var storage in new[] { StorageKind.Standalone, StorageKind.Cluster })
            {
                data.Add(storage, "a\\u0000b");
                data.Add(storage, "http://cam.example/feed\\u001f");
                data.Add(storage, "http://cam.example/feed\\u007f");
                data.Add(storage, "http://cam.example/\\ud800");
                data.Add(storage, "http://cam.example/" + new string('a', CameraRegistration.MaxSourceUrlLength));
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(UnstorableSourceUrls))]
    public async Task A_source_url_that_cannot_be_stored_is_400_for_every_source_type_and_nothing_is_saved(StorageKind storage, string sourceUrl)
    {
        var admin = (await hosts.Get(storage)).As(ApiRoles.Admin);
        foreach (var sourceType in new[] { "http_push", "mqtt", "rtsp" })
        {
            var id = $"url-{Guid.NewGuid():N}"[..16];
            using var created = await admin.PostAsync("/api/cameras",
                new StringContent($$"""{"id":"{{id}}","source_type":"{{sourceType}}","source_url":"{{sourceUrl}}"}""", Encoding.UTF8, "application/json"));
            await ApiAssert.ProblemAsync(created, HttpStatusCode.BadRequest, "source_url");
            await ApiAssert.ProblemAsync(await admin.GetAsync($"/api/cameras/{id}"), HttpStatusCode.NotFound);
            var list = await ApiAssert.StatusAsync(await admin.GetAsync("/api/cameras?limit=1000"), HttpStatusCode.OK);
            Assert.DoesNotContain(list.GetProperty("cameras").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        }

        // A registered camera keeps its URL when a change to one that cannot be stored is refused.
        var kept = $"url-{Guid.NewGuid():N}"[..16];
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = kept, source_type = "http_push", source_url = "http://cam.example/feed" }),
            HttpStatusCode.Created);
        using var patched = await admin.PatchAsync($"/api/cameras/{kept}", new StringContent($$"""{"source_url":"{{sourceUrl}}"}""", Encoding.UTF8, "application/json"));
        await ApiAssert.ProblemAsync(patched, HttpStatusCode.BadRequest, "source_url");
        var camera = await ApiAssert.StatusAsync(await admin.GetAsync($"/api/cameras/{kept}"), HttpStatusCode.OK);
        Assert.Equal("http://cam.example/feed", camera.GetProperty("source_url").GetString());
        var cameras = await ApiAssert.StatusAsync(await admin.GetAsync("/api/cameras?limit=1000"), HttpStatusCode.OK);
        Assert.Contains(cameras.GetProperty("cameras").EnumerateArray(), c => c.GetProperty("id").GetString() == kept);
    }

    [Fact]
    public async Task Credentials_in_a_source_url_s_query_are_never_returned()
    {
        var admin = (await hosts.Standalone).As(ApiRoles.Admin);
        using var created = await admin.PostAsJsonAsync("/api/cameras",
            new { id = "query-secret", source_type = "http_push", source_url = "http://cam.example/feed?user=admin&password=Secret99" });
        var camera = await ApiAssert.StatusAsync(created, HttpStatusCode.Created);
        Assert.DoesNotContain("Secret99", camera.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret99", await admin.GetStringAsync("/api/cameras/query-secret"), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret99", await admin.GetStringAsync("/api/cameras?limit=500"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_camera_registered_again_starts_its_statistics_afresh()
    {
        var host = await hosts.Standalone;
        var admin = host.As(ApiRoles.Admin);
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = "again-cam", source_type = "http_push" }), HttpStatusCode.Created);
        using (var frame = new ByteArrayContent(SharedJpegs.Samples.TestCard) { Headers = { ContentType = new("image/jpeg") } })
        {
            await ApiAssert.StatusAsync(await admin.PostAsync("/api/ingest/push/again-cam", frame), HttpStatusCode.OK);
        }
        await ApiAssert.StatusAsync(await admin.DeleteAsync("/api/cameras/again-cam"), HttpStatusCode.NoContent);

        using var again = await admin.PostAsJsonAsync("/api/cameras", new { id = "again-cam", source_type = "http_push" });
        var camera = await ApiAssert.StatusAsync(again, HttpStatusCode.Created);
        Assert.Equal(0, camera.GetProperty("frames_received").GetInt64());
        Assert.Equal(JsonValueKind.Null, camera.GetProperty("last_frame_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, camera.GetProperty("last_received_at").ValueKind);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Last_received_at_is_when_the_server_took_the_frame_whatever_the_frames_timestamp(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var admin = host.As(ApiRoles.Admin);
        var id = $"clock-{Guid.NewGuid():N}"[..16];
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id, source_type = "http_push" }), HttpStatusCode.Created);
        // A camera whose clock runs an hour ahead.
        var ahead = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        using (var frame = new ByteArrayContent(SharedJpegs.Samples.TestCard) { Headers = { ContentType = new("image/jpeg") } })
        {
            await ApiAssert.StatusAsync(await admin.PostAsync($"/api/ingest/push/{id}?timestamp={ahead.ToUnixTimeSeconds()}", frame), HttpStatusCode.OK);
        }

        var one = await ApiAssert.StatusAsync(await admin.GetAsync($"/api/cameras/{id}"), HttpStatusCode.OK);
        var listed = (await ApiAssert.StatusAsync(await admin.GetAsync("/api/cameras?limit=1000"), HttpStatusCode.OK))
            .GetProperty("cameras").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        foreach (var camera in new[] { one, listed })
        {
            Assert.Equal(ahead, camera.GetProperty("last_frame_at").GetDateTimeOffset());
            var received = camera.GetProperty("last_received_at").GetDateTimeOffset();
            Assert.InRange(received, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(5));
        }
    }

    [Fact]
    public async Task Patching_one_motion_or_persist_field_keeps_the_others()
    {
        var admin = (await hosts.Standalone).As(ApiRoles.Admin);
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new
        {
            id = "patch-nested",
            source_type = "http_push",
            motion = new { enabled = false, threshold = 60, min_area = 100 },
            persist = new { mode = "every_n", every_n = 5 },
        }), HttpStatusCode.Created);

        using var motionPatch = await admin.PatchAsync("/api/cameras/patch-nested", JsonContent.Create(new { motion = new { threshold = 40 } }));
        var afterMotion = await ApiAssert.StatusAsync(motionPatch, HttpStatusCode.OK);
        using var persistPatch = await admin.PatchAsync("/api/cameras/patch-nested", JsonContent.Create(new { persist = new { every_n = 7 } }));
        var afterPersist = await ApiAssert.StatusAsync(persistPatch, HttpStatusCode.OK);

        var motion = afterMotion.GetProperty("motion");
        Assert.False(motion.GetProperty("enabled").GetBoolean());
        Assert.Equal(40, motion.GetProperty("threshold").GetInt32());
        Assert.Equal(100, motion.GetProperty("min_area").GetInt32());
        var persist = afterPersist.GetProperty("persist");
        Assert.Equal("every_n", persist.GetProperty("mode").GetString());
        Assert.Equal(7, persist.GetProperty("every_n").GetInt32());
        Assert.Equal(40, afterPersist.GetProperty("motion").GetProperty("threshold").GetInt32());
    }

    [Fact]
    public async Task Camera_settings_patch_that_breaks_a_rule_is_400()
    {
        var admin = (await hosts.Standalone).As(ApiRoles.Admin);
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = "patch-rules", source_type = "http_push" }), HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await admin.PatchAsync("/api/cameras/patch-rules", JsonContent.Create(new { fps = -1 })), HttpStatusCode.BadRequest, "fps");
        await ApiAssert.ProblemAsync(await admin.PatchAsync("/api/cameras/patch-rules", new StringContent("{", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await admin.PatchAsync("/api/cameras/patch-rules", new StringContent("""{"motion":{"background_rate":"NaN"}}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "motion.background_rate");
        // What a PATCH cannot change, or a misspelt field, is refused, not silently ignored.
        await ApiAssert.ProblemAsync(await admin.PatchAsync("/api/cameras/patch-rules", JsonContent.Create(new { source_type = "mqtt" })), HttpStatusCode.BadRequest, "source_type");
        await ApiAssert.ProblemAsync(await admin.PatchAsync("/api/cameras/patch-rules", JsonContent.Create(new { fsp = 5 })), HttpStatusCode.BadRequest, "fsp");
        await ApiAssert.ProblemAsync(await admin.PatchAsync("/api/cameras/patch-rules", new StringContent("""{"persist":{"mode":9}}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await admin.PatchAsync("/api/cameras/patch-rules", JsonContent.Create(new { motion = new { treshold = 40 } })), HttpStatusCode.BadRequest, "treshold");
        // The refused settings changed nothing: the camera and the list still read.
        await ApiAssert.StatusAsync(await admin.GetAsync("/api/cameras/patch-rules"), HttpStatusCode.OK);
        await ApiAssert.StatusAsync(await admin.GetAsync("/api/cameras"), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("cam%241")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("c%D0%B0m")]
    [InlineData("cam%EF%BC%8F1")]
    public async Task Camera_routes_with_an_invalid_id_are_400(string escapedId)
    {
        var admin = (await hosts.Standalone).As(ApiRoles.Admin);
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/api/cameras/{escapedId}"), HttpStatusCode.BadRequest, "camera id");
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/api/cameras/{escapedId}"), HttpStatusCode.BadRequest, "camera id");
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/api/cameras/{escapedId}/frame/latest"), HttpStatusCode.BadRequest, "camera id");
    }

    [Fact]
    public async Task Camera_list_with_invalid_paging_is_400()
    {
        var viewer = (await hosts.Standalone).As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/cameras?limit=0"), HttpStatusCode.BadRequest, "limit");
    }
}
