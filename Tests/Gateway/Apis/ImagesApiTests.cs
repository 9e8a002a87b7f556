using System.Net;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class ImagesApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Images_are_listed_newest_first_per_camera_with_paging_and_their_content_streams_back(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = $"list-{Guid.NewGuid():N}"[..20];
        var ids = new List<string>();
        foreach (var bytes in new[] { Samples.Jpeg, Samples.Png, Samples.Jpeg })
        {
            ids.Add(await UploadAsync(host.As(ApiRoles.Ingest), camera, bytes));
        }
        var viewer = host.As(ApiRoles.Viewer);

        var page = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/images?camera_id={camera}&limit=2"), HttpStatusCode.OK);
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.Equal(2, page.GetProperty("limit").GetInt32());
        Assert.Equal([ids[2], ids[1]], page.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("image_id").GetString()));
        var rest = await ApiAssert.JsonAsync(await viewer.GetAsync($"/api/v1/images?camera_id={camera}&skip=2&limit=2"));
        Assert.Equal([ids[0]], rest.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("image_id").GetString()));

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        var none = await ApiAssert.JsonAsync(await viewer.GetAsync($"/api/v1/images?camera_id={camera}&from={future}"));
        Assert.Equal(0, none.GetProperty("total").GetInt64());
        var past = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        var all = await ApiAssert.JsonAsync(await viewer.GetAsync($"/api/v1/images?camera_id={camera}&from={past}&to={future}"));
        Assert.Equal(3, all.GetProperty("total").GetInt64());

        var metadata = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/v1/images/{ids[1]}"), HttpStatusCode.OK);
        Assert.Equal("image/png", metadata.GetProperty("content_type").GetString());
        using var content = await viewer.GetAsync($"/api/v1/images/{ids[1]}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal("image/png", content.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Samples.Png.Length, content.Content.Headers.ContentLength);
        Assert.Equal(Samples.Png, await content.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Unknown_image_is_404_for_metadata_and_content(StorageKind storage)
    {
        var viewer = (await hosts.Get(storage)).As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/v1/images/img_000000000000000000000000"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/v1/images/img_000000000000000000000000/content"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/v1/images?limit=0", "limit")]
    [InlineData("/api/v1/images?limit=100000", "limit")]
    [InlineData("/api/v1/images?skip=-1", "skip")]
    [InlineData("/api/v1/images?limit=ten", "limit")]
    [InlineData("/api/v1/images?from=yesterday", "from")]
    [InlineData("/api/v1/images?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z", "from")]
    [InlineData("/api/v1/images?camera_id=..%2F..%2Fetc", "camera id")]
    [InlineData("/api/v1/images/img%24bad", "image id")]
    [InlineData("/api/v1/images/img%24bad/content", "image id")]
    public async Task Image_queries_with_invalid_parameters_are_400(string path, string mentioned)
    {
        var viewer = (await hosts.Standalone).As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await viewer.GetAsync(path), HttpStatusCode.BadRequest, mentioned);
    }

    internal static async Task<string> UploadAsync(HttpClient client, string cameraId, byte[] bytes)
    {
        using var form = Multipart.Form(Multipart.Text("camera_id", cameraId), Multipart.File("files", bytes, "x.bin"));
        var body = await ApiAssert.StatusAsync(await client.PostAsync("/api/v1/ingest/upload", form), HttpStatusCode.Created);
        return body.GetProperty("files")[0].GetProperty("image_id").GetString()!;
    }
}
