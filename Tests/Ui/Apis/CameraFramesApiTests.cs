using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Ui.Support;

namespace IngestionCluster.Tests.Ui.Apis;

/// <summary><c>/api/cameras/{id}/frames</c>, <c>/frames/{sequence}</c> and <c>/motion</c>: what the camera page reads.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CameraFramesApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_ring_buffer_lists_its_frames_oldest_first_and_serves_each_by_sequence(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("buffer");
        await UiApi.RegisterAsync(host, camera);
        var admin = host.As(ApiRoles.Admin);
        await ApiAssert.StatusAsync(await admin.PatchAsync($"/api/cameras/{camera}", System.Net.Http.Json.JsonContent.Create(new { buffer_size = 2 })), HttpStatusCode.OK);
        var frames = new[] { UiFrames.Scenes[0], UiFrames.Scenes[1], UiFrames.Scenes[2] };
        var sequences = new List<long>();
        foreach (var pushed in frames)
        {
            sequences.Add((await UiApi.PushAsync(host, camera, pushed)).GetProperty("sequence").GetInt64());
        }

        var viewer = host.As(ApiRoles.Viewer);
        var list = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/cameras/{camera}/frames"), HttpStatusCode.OK);
        Assert.Equal(camera, list.GetProperty("camera_id").GetString());
        Assert.Equal(2, list.GetProperty("buffer_size").GetInt32());
        var listed = list.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(sequences[1..], listed.Select(frame => frame.GetProperty("sequence").GetInt64()));
        Assert.Equal(frames[1].Length, listed[0].GetProperty("size_bytes").GetInt32());
        Assert.True(listed[0].GetProperty("timestamp").GetDateTimeOffset() <= listed[1].GetProperty("timestamp").GetDateTimeOffset());

        using var frame = await viewer.GetAsync($"/api/cameras/{camera}/frames/{sequences[2]}");
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.Equal("image/jpeg", frame.Content.Headers.ContentType?.MediaType);
        Assert.Equal(frames[2], await frame.Content.ReadAsByteArrayAsync());
        Assert.Equal(sequences[2].ToString(System.Globalization.CultureInfo.InvariantCulture), frame.Headers.GetValues("X-Frame-Sequence").Single());
        Assert.Contains("immutable", frame.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        await ApiAssert.ProblemAsync(await viewer.GetAsync($"/api/cameras/{camera}/frames/{sequences[0]}"), HttpStatusCode.NotFound, "ring buffer");
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/cameras/never-registered/frames"), HttpStatusCode.NotFound, "not registered");
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/cameras/never-registered/frames/1"), HttpStatusCode.NotFound, "not registered");
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Camera, camera).GetAsync($"/api/cameras/{camera}/frames"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_motion_timeline_counts_this_hours_frames_and_motion_per_minute(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("timeline");
        await UiApi.RegisterAsync(host, camera, motion: new { enabled = true, threshold = 25, min_area = 30, background_rate = 0.05, warmup_frames = 0 });
        var before = DateTimeOffset.UtcNow;
        await UiApi.PushAsync(host, camera, UiFrames.Black);
        var motion = await UiApi.PushAsync(host, camera, UiFrames.White);
        Assert.True(motion.GetProperty("motion").GetBoolean());
        var after = DateTimeOffset.UtcNow;

        var timeline = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync($"/api/cameras/{camera}/motion"), HttpStatusCode.OK);
        Assert.Equal(60, timeline.GetProperty("bucket_seconds").GetInt32());
        var buckets = timeline.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(60, buckets.Count);
        Assert.Equal(timeline.GetProperty("from").GetDateTimeOffset(), buckets[0].GetProperty("start").GetDateTimeOffset());
        Assert.True(timeline.GetProperty("to").GetDateTimeOffset() > after);
        Assert.True(timeline.GetProperty("to").GetDateTimeOffset() - timeline.GetProperty("from").GetDateTimeOffset() == TimeSpan.FromHours(1));
        Assert.Equal(2, buckets.Sum(bucket => bucket.GetProperty("frames").GetInt32()));
        var withMotion = Assert.Single(buckets, bucket => bucket.GetProperty("motion_frames").GetInt32() > 0);
        Assert.Equal(1, withMotion.GetProperty("motion_frames").GetInt32());
        Assert.Equal(motion.GetProperty("area").GetInt32(), withMotion.GetProperty("max_area").GetInt32());
        Assert.InRange(withMotion.GetProperty("start").GetDateTimeOffset(), before.AddMinutes(-1), after);
        Assert.True(timeline.GetProperty("tracked_since").GetDateTimeOffset() <= before);

        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/cameras/never-registered/motion"), HttpStatusCode.NotFound, "not registered");
    }
}
