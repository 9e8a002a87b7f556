using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>ThermoSense's "next steps": chunk progress by image_id, and re-processing an image_id.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ImageProgressTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Progress_shows_a_capture_while_it_arrives_and_once_it_is_stored(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var cameraId = $"prog-{Guid.NewGuid():N}"[..16];
        var imageId = $"shot-{Guid.NewGuid():N}";
        var chunks = Chunks.Split(SharedJpegs.Samples.TestCard, 5, cameraId, imageId);
        var camera = host.Grains.GetCamera(cameraId);
        foreach (var index in new[] { 0, 2, 4 })
        {
            await camera.ReceiveChunk(chunks[index]);
        }
        var viewer = host.As(ApiRoles.Viewer);

        var receiving = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/images/{imageId}/progress"), HttpStatusCode.OK);
        Assert.Equal(imageId, receiving.GetProperty("image_id").GetString());
        Assert.Equal(cameraId, receiving.GetProperty("camera_id").GetString());
        Assert.Equal("receiving", receiving.GetProperty("status").GetString());
        Assert.Equal(3, receiving.GetProperty("received").GetInt32());
        Assert.Equal(5, receiving.GetProperty("total").GetInt32());
        Assert.Equal([1, 3], receiving.GetProperty("missing").EnumerateArray().Select(m => m.GetInt32()));
        Assert.True(receiving.GetProperty("first_chunk_at").GetDateTimeOffset() <= receiving.GetProperty("last_chunk_at").GetDateTimeOffset());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, receiving.GetProperty("stored_image").ValueKind);

        await camera.ReceiveChunk(chunks[1]);
        await camera.ReceiveChunk(chunks[3]);
        System.Text.Json.JsonElement stored = default;
        await Eventually.TrueAsync(async () =>
        {
            stored = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/images/{imageId}/progress?camera_id={cameraId}"), HttpStatusCode.OK);
            return stored.GetProperty("status").GetString() == "stored";
        }, TimeSpan.FromSeconds(30), "the image is stored");
        Assert.Equal(5, stored.GetProperty("received").GetInt32());
        Assert.Empty(stored.GetProperty("missing").EnumerateArray());
        Assert.Equal(CaptureSessionTests.Sha256(SharedJpegs.Samples.TestCard), stored.GetProperty("stored_image").GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Progress_of_an_unknown_image_is_404_a_bad_id_400_and_it_needs_a_token()
    {
        var host = await hosts.Standalone;
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/v1/images/never-sent/progress"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/v1/images/bad%24id/progress"), HttpStatusCode.BadRequest, "image id");
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync("/api/v1/images/x/progress?camera_id=no%20such"), HttpStatusCode.BadRequest, "camera id");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync("/api/v1/images/x/progress")).StatusCode);
    }

    [Fact]
    public async Task A_capture_that_stops_arriving_shows_as_stale_with_its_missing_chunks()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?> { ["Ingest:SessionStaleTimeout"] = "00:00:01" });
        var imageId = $"stale-{Guid.NewGuid():N}";
        var chunks = Chunks.Split(SharedJpegs.Samples.TestCard, 4, "stale-cam", imageId);
        var camera = host.Services.GetRequiredService<IGrainFactory>().GetCamera("stale-cam");
        await camera.ReceiveChunk(chunks[0]);
        await camera.ReceiveChunk(chunks[2]);

        System.Text.Json.JsonElement progress = default;
        await Eventually.TrueAsync(async () =>
        {
            progress = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync($"/api/v1/images/{imageId}/progress"), HttpStatusCode.OK);
            return progress.GetProperty("status").GetString() == "stale";
        }, TimeSpan.FromSeconds(30), "the capture goes stale");
        Assert.Equal(2, progress.GetProperty("received").GetInt32());
        Assert.Equal([1, 3], progress.GetProperty("missing").EnumerateArray().Select(m => m.GetInt32()));
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_resent_image_is_ignored_until_an_admin_forgets_it_was_processed(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var cameraId = $"again-{Guid.NewGuid():N}"[..16];
        var imageId = $"shot-{Guid.NewGuid():N}";
        var camera = host.Grains.GetCamera(cameraId);
        var admin = host.As(ApiRoles.Admin);
        await SendAsync(camera, SharedJpegs.Samples.TestCard, cameraId, imageId);
        var first = Assert.Single(await WaitForImagesAsync(host, cameraId, 1));

        // Sent again as it was: the processed mark makes every chunk a duplicate (nothing staged, so nothing will be
        // stored later either), and the image list is unchanged.
        Assert.All(await SendAsync(camera, SharedJpegs.Samples.TestCard, cameraId, imageId), outcome => Assert.Equal(ChunkOutcome.Duplicate, outcome));
        Assert.Single(await ImagesAsync(host, cameraId));

        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(ApiRoles.Viewer).DeleteAsync($"/api/admin/images/{imageId}/processed")).StatusCode);
        var reset = await ApiAssert.StatusAsync(await admin.DeleteAsync($"/api/admin/images/{imageId}/processed"), HttpStatusCode.OK);
        Assert.True(reset.GetProperty("was_processed").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, reset.GetProperty("deleted_image_id").ValueKind);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync($"/api/v1/images/{imageId}/progress"), HttpStatusCode.NotFound);

        // Sent again after the reset: stored as a new image; the first stays.
        await SendAsync(camera, SharedJpegs.Samples.White, cameraId, imageId);
        var both = await WaitForImagesAsync(host, cameraId, 2);
        Assert.Contains(both, image => image.GetProperty("image_id").GetString() == first.GetProperty("image_id").GetString());
        Assert.Contains(both, image => image.GetProperty("sha256").GetString() == CaptureSessionTests.Sha256(SharedJpegs.Samples.White));

        // With delete_image=true the stored image goes too.
        var second = both.Single(image => image.GetProperty("sha256").GetString() == CaptureSessionTests.Sha256(SharedJpegs.Samples.White));
        var deleted = await ApiAssert.StatusAsync(await admin.DeleteAsync($"/api/admin/images/{imageId}/processed?delete_image=true"), HttpStatusCode.OK);
        Assert.Equal(second.GetProperty("image_id").GetString(), deleted.GetProperty("deleted_image_id").GetString());
        Assert.Single(await ImagesAsync(host, cameraId));
        Assert.Empty(await host.BlobKeysAsync(second.GetProperty("object_key").GetString()!));
        await ApiAssert.ProblemAsync(await admin.DeleteAsync("/api/admin/images/never-sent/processed"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_image_id_two_cameras_use_is_forgotten_only_for_the_camera_named(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var cameraA = $"shared-a-{Guid.NewGuid():N}"[..18];
        var cameraB = $"shared-b-{Guid.NewGuid():N}"[..18];
        var imageId = $"shot-{Guid.NewGuid():N}";
        var admin = host.As(ApiRoles.Admin);
        await SendAsync(host.Grains.GetCamera(cameraA), SharedJpegs.Samples.TestCard, cameraA, imageId);
        await WaitForImagesAsync(host, cameraA, 1);
        // Camera B numbers its shots the same way; 2 of its 6 chunks are in, staged and acknowledged.
        foreach (var chunk in Chunks.Split(SharedJpegs.Samples.White, 6, cameraB, imageId).Take(2))
        {
            Assert.Equal(ChunkOutcome.Staged, (await host.Grains.GetCamera(cameraB).ReceiveChunk(chunk)).Outcome);
        }

        var conflict = await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/api/admin/images/{imageId}/processed?delete_image=true"), HttpStatusCode.Conflict, "camera_id");
        Assert.Contains(cameraA, conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(cameraB, conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var receiving = await ApiAssert.StatusAsync(await admin.GetAsync($"/api/v1/images/{imageId}/progress?camera_id={cameraB}"), HttpStatusCode.OK);
        Assert.Equal(2, receiving.GetProperty("received").GetInt32());
        Assert.Single(await ImagesAsync(host, cameraA));

        var forgotten = await ApiAssert.StatusAsync(await admin.DeleteAsync($"/api/admin/images/{imageId}/processed?camera_id={cameraA}&delete_image=true"), HttpStatusCode.OK);
        Assert.Equal(cameraA, forgotten.GetProperty("camera_id").GetString());
        Assert.Empty(await ImagesAsync(host, cameraA));
        receiving = await ApiAssert.StatusAsync(await admin.GetAsync($"/api/v1/images/{imageId}/progress?camera_id={cameraB}"), HttpStatusCode.OK);
        Assert.Equal(2, receiving.GetProperty("received").GetInt32());
    }

    /// <returns>Each chunk's outcome, in order.</returns>
    private static async Task<List<ChunkOutcome>> SendAsync(IngestionCluster.Grains.Abstractions.Cameras.ICameraGrain camera, byte[] image, string cameraId, string imageId)
    {
        var outcomes = new List<ChunkOutcome>();
        foreach (var chunk in Chunks.Split(image, 6, cameraId, imageId))
        {
            var outcome = (await camera.ReceiveChunk(chunk)).Outcome;
            Assert.NotEqual(ChunkOutcome.Rejected, outcome);
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    private static async Task<List<System.Text.Json.JsonElement>> ImagesAsync(GatewayHost host, string cameraId)
    {
        var page = await ApiAssert.StatusAsync(await host.As(ApiRoles.Viewer).GetAsync($"/api/v1/images?camera_id={cameraId}"), HttpStatusCode.OK);
        return [.. page.GetProperty("images").EnumerateArray()];
    }

    private static async Task<List<System.Text.Json.JsonElement>> WaitForImagesAsync(GatewayHost host, string cameraId, int count)
    {
        List<System.Text.Json.JsonElement> images = [];
        await Eventually.TrueAsync(async () => (images = await ImagesAsync(host, cameraId)).Count >= count, TimeSpan.FromSeconds(30), $"{count} image(s) of {cameraId}");
        return images;
    }
}
