using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Ui.Support;

namespace IngestionCluster.Tests.Ui.Apis;

/// <summary><c>GET /api/v1/captures</c>: the MQTT images still arriving, with their chunk progress.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CapturesApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Images_still_arriving_are_listed_with_their_progress_until_stored(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("arriving");
        var imageId = $"img-{Guid.NewGuid():N}";
        var chunks = Chunks.Split(UiFrames.Card, 4, camera, imageId);
        var grain = host.Grains.GetCamera(camera);
        await grain.ReceiveChunk(chunks[0]);
        await grain.ReceiveChunk(chunks[2]);

        var viewer = host.As(ApiRoles.Viewer);
        var arriving = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/captures?camera_id={camera}"), HttpStatusCode.OK);
        var image = Assert.Single(arriving.GetProperty("images").EnumerateArray());
        Assert.Equal(imageId, image.GetProperty("image_id").GetString());
        Assert.Equal("receiving", image.GetProperty("status").GetString());
        Assert.Equal(2, image.GetProperty("received").GetInt32());
        Assert.Equal(4, image.GetProperty("total").GetInt32());
        Assert.Equal([1, 3], image.GetProperty("missing").EnumerateArray().Select(index => index.GetInt32()));

        await grain.ReceiveChunk(chunks[1]);
        await grain.ReceiveChunk(chunks[3]);
        await Eventually.TrueAsync(async () =>
        {
            var now = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/captures?camera_id={camera}"), HttpStatusCode.OK);
            return now.GetProperty("images").GetArrayLength() == 0;
        }, TimeSpan.FromSeconds(30), "the stored image leaves the list of arriving ones");

        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/v1/captures?limit=101"), HttpStatusCode.BadRequest, "between 1 and 100");
    }
}
