using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>
/// Bodies above the API's JSON body limit (<c>Upload__MaxMetaBytes</c> + 1 MiB) where an endpoint streams files and
/// sets its own limit: a push, an upload and an LDO video of 3 MiB each.
/// </summary>
public sealed class LargeBodyTests
{
    private const int Size = 3 * 1024 * 1024;

    [Fact]
    public async Task A_push_an_upload_and_an_ldo_video_larger_than_the_json_body_limit_are_taken_under_their_own_limits()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Upload:MaxFrameSize"] = "8388608",
            ["Ingest:MaxFrameBytes"] = "8388608",
            ["Upload:MaxFileSize"] = "8388608",
            ["Ldo:MaxVideoSize"] = "8388608",
        });
        var client = host.As(ApiRoles.Ingest);
        var jpeg = PaddedJpeg(Samples.Jpeg, Size);

        await ApiAssert.StatusAsync(await client.PostAsync("/api/ingest/push/large-push",
            new ByteArrayContent(jpeg) { Headers = { ContentType = new("image/jpeg") } }), HttpStatusCode.OK);
        using var upload = Multipart.Form(Multipart.Text("camera_id", "large-upload"), Multipart.File("files", jpeg, "large.jpg", "image/jpeg"));
        await ApiAssert.StatusAsync(await client.PostAsync("/api/v1/ingest/upload", upload), HttpStatusCode.Created);
        using var ldo = Multipart.Form(Multipart.Text("metadata", """{"ldo_id":"large-ldo"}"""), Multipart.File("video", Samples.Video(Size), "large.mp4", "video/mp4"));
        var stored = await ApiAssert.StatusAsync(await client.PostAsync("/ingest/ldo", ldo), HttpStatusCode.OK);
        Assert.Equal(Size, stored.GetProperty("size_bytes").GetInt64());
    }

    /// <summary><paramref name="jpeg"/> grown to <paramref name="size"/> bytes with comment segments after its start marker: still a valid JPEG.</summary>
    private static byte[] PaddedJpeg(byte[] jpeg, int size)
    {
        var padded = new List<byte>(size) { jpeg[0], jpeg[1] };
        while (padded.Count + jpeg.Length - 2 < size)
        {
            var length = Math.Min(65_533, size - (padded.Count + jpeg.Length - 2) - 4);
            if (length < 1)
            {
                break;
            }
            padded.AddRange([0xFF, 0xFE, (byte)((length + 2) >> 8), (byte)((length + 2) & 0xFF)]);
            padded.AddRange(new byte[length]);
        }
        padded.AddRange(jpeg.AsSpan(2).ToArray());
        return [.. padded];
    }
}
