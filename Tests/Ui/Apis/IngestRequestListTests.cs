using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Ui.Support;

namespace IngestionCluster.Tests.Ui.Apis;

/// <summary><c>GET /api/v1/ingest/requests</c>: uploads and captures, newest first, by status and camera.</summary>
[Collection(GatewayCollection.Name)]
public sealed class IngestRequestListTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Requests_are_listed_newest_first_and_filtered_by_status_and_camera(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("requests");
        var first = await UploadAsync(host, camera);
        var second = await UploadAsync(host, camera);
        var viewer = host.As(ApiRoles.Viewer);

        var page = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/ingest/requests?camera_id={camera}"), HttpStatusCode.OK);
        Assert.Equal(2, page.GetProperty("total").GetInt64());
        var requests = page.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal([second, first], requests.Select(request => request.GetProperty("request_id").GetString()));
        Assert.All(requests, request =>
        {
            Assert.Equal("upload", request.GetProperty("kind").GetString());
            Assert.Equal("completed", request.GetProperty("status").GetString());
            Assert.Equal(1, request.GetProperty("files").GetArrayLength());
        });

        var completed = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/ingest/requests?status=completed&camera_id={camera}&limit=1"), HttpStatusCode.OK);
        Assert.Equal(2, completed.GetProperty("total").GetInt64());
        Assert.Equal(second, completed.GetProperty("requests")[0].GetProperty("request_id").GetString());
        var failed = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/ingest/requests?status=failed&camera_id={camera}"), HttpStatusCode.OK);
        Assert.Equal(0, failed.GetProperty("total").GetInt64());

        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/v1/ingest/requests?status=lost"), HttpStatusCode.BadRequest, "status must be one of");
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/v1/ingest/requests?camera_id=../x"), HttpStatusCode.BadRequest);
    }

    private static async Task<string> UploadAsync(GatewayHost host, string camera)
    {
        using var form = Multipart.Form(Multipart.Text("camera_id", camera), Multipart.File("files", UiFrames.Card, "card.jpg", "image/jpeg"));
        var accepted = await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync("/api/v1/ingest/upload", form), HttpStatusCode.Created);
        return accepted.GetProperty("request_id").GetString()!;
    }
}
