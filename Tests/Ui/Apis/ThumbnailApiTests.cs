using System.Net;
using System.Net.Http.Headers;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Thumbnails;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Ui.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Ui.Apis;

/// <summary><c>GET /api/v1/images/{id}/thumbnail</c>: scaled on the server, cached in the gateway and by browsers (ETag from the SHA-256).</summary>
[Collection(GatewayCollection.Name)]
public sealed class ThumbnailApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_thumbnail_is_the_image_scaled_to_the_width_with_an_etag_of_its_sha256(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var (imageId, sha256) = await UploadAsync(host, Samples.Jpeg, "card.jpg", "image/jpeg");
        var viewer = host.As(ApiRoles.Viewer);

        using var response = await viewer.GetAsync($"/api/v1/images/{imageId}/thumbnail?width=320");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal($"\"{sha256}-w320\"", etag.Tag);
        Assert.Contains("private", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new JpegHeader(320, 240), TurboJpeg.ReadHeader(bytes));
        Assert.True(bytes.Length < Samples.Jpeg.Length, "the thumbnail is smaller than the image");

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/images/{imageId}/thumbnail?width=320");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        using var notModified = await viewer.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var defaultWidth = await viewer.GetAsync($"/api/v1/images/{imageId}/thumbnail");
        Assert.Equal(new JpegHeader(ThumbnailOptions.DefaultWidth, 240), TurboJpeg.ReadHeader(await defaultWidth.Content.ReadAsByteArrayAsync()));
        using var wider = await viewer.GetAsync($"/api/v1/images/{imageId}/thumbnail?width=1024");
        Assert.Equal(new JpegHeader(640, 480), TurboJpeg.ReadHeader(await wider.Content.ReadAsByteArrayAsync()));
        using var odd = await viewer.GetAsync($"/api/v1/images/{imageId}/thumbnail?width=101");
        Assert.Equal(new JpegHeader(101, 76), TurboJpeg.ReadHeader(await odd.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Widths_outside_16_to_1024_images_that_are_not_jpeg_and_unknown_images_are_refused()
    {
        var host = await hosts.Standalone;
        var viewer = host.As(ApiRoles.Viewer);
        var (jpeg, _) = await UploadAsync(host, Samples.Jpeg, "card.jpg", "image/jpeg");
        foreach (var width in new[] { "15", "0", "-1", "1025", "100000" })
        {
            await ApiAssert.ProblemAsync(await viewer.GetAsync($"/api/v1/images/{jpeg}/thumbnail?width={width}"), HttpStatusCode.BadRequest, "between 16 and 1024");
        }
        await ApiAssert.ProblemAsync(await viewer.GetAsync($"/api/v1/images/{jpeg}/thumbnail?width=wide"), HttpStatusCode.BadRequest);
        using var edge = await viewer.GetAsync($"/api/v1/images/{jpeg}/thumbnail?width=16");
        Assert.Equal(new JpegHeader(16, 12), TurboJpeg.ReadHeader(await edge.Content.ReadAsByteArrayAsync()));

        var (png, _) = await UploadAsync(host, Samples.Png, "dot.png", "image/png");
        await ApiAssert.ProblemAsync(await viewer.GetAsync($"/api/v1/images/{png}/thumbnail"), HttpStatusCode.UnprocessableEntity, "JPEG");
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/v1/images/img_does_not_exist/thumbnail"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Camera, "cam-1").GetAsync($"/api/v1/images/{jpeg}/thumbnail"), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await host.Anonymous().GetAsync($"/api/v1/images/{jpeg}/thumbnail"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_uploaded_jpeg_larger_than_any_frame_or_mqtt_image_limit_gets_a_thumbnail()
    {
        // The gateway's default upload limit (50 MiB), not the small one the shared test gateways use.
        var uploadLimit = new UploadOptions().MaxFileSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?> { ["Upload:MaxFileSize"] = uploadLimit });
        // A valid JPEG padded after its end-of-image marker past 21 MiB, beyond Ingest__MaxImageBytes (20 MiB).
        var padded = new byte[(21 * 1024 * 1024) + 1];
        Samples.Jpeg.CopyTo(padded, 0);
        var (imageId, sha256) = await UploadAsync(host, padded, "large.jpg", "image/jpeg");

        using var response = await host.As(ApiRoles.Viewer).GetAsync($"/api/v1/images/{imageId}/thumbnail?width=320");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{sha256}-w320\"", response.Headers.ETag?.Tag);
        Assert.Equal(new JpegHeader(320, 240), TurboJpeg.ReadHeader(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task The_gateway_keeps_thumbnails_it_made_and_serves_them_again_from_memory()
    {
        var host = await hosts.Standalone;
        var cache = host.Services.GetRequiredService<ThumbnailCache>();
        var (imageId, sha256) = await UploadAsync(host, UiFrames.Card, "card.jpg", "image/jpeg");
        var key = new ThumbnailKey(imageId, sha256, 200);
        Assert.False(cache.TryGet(key, out _));

        var viewer = host.As(ApiRoles.Viewer);
        var first = await viewer.GetByteArrayAsync($"/api/v1/images/{imageId}/thumbnail?width=200");
        Assert.True(cache.TryGet(key, out var cached));
        Assert.Equal(first, cached.Jpeg);
        var second = await viewer.GetByteArrayAsync($"/api/v1/images/{imageId}/thumbnail?width=200");
        Assert.Equal(first, second);
    }

    private static async Task<(string ImageId, string Sha256)> UploadAsync(GatewayHost host, byte[] bytes, string fileName, string contentType)
    {
        using var form = Multipart.Form(Multipart.Text("camera_id", "thumbnails"), Multipart.File("files", bytes, fileName, contentType));
        var request = await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync("/api/v1/ingest/upload", form), HttpStatusCode.Created);
        var file = request.GetProperty("files")[0];
        return (file.GetProperty("image_id").GetString()!, file.GetProperty("sha256").GetString()!);
    }
}
