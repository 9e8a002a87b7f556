using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>A client that goes away in the middle of an image upload leaves nothing in the blob store, S3 included.</summary>
[Collection(GatewayCollection.Name)]
public sealed class UploadDisconnectTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_client_that_disconnects_mid_upload_leaves_no_object_or_unfinished_upload_behind(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var client = host.As(ApiRoles.Ingest);
        var before = (await host.BlobKeysAsync("uploads/")).ToHashSet();
        // The first file is complete and stored before the client goes away in the middle of the second one.
        var second = new byte[(int)GatewaySettings.MaxFileSize - 1024];
        Samples.Jpeg.AsSpan(0, 64).CopyTo(second);
        using var form = Multipart.Form(
            Multipart.Text("camera_id", "disconnect-cam"),
            Multipart.File("files", Samples.Jpeg, "complete.jpg", "image/jpeg"),
            Multipart.File("files", second, "cut.jpg", "image/jpeg"));
        // Half of the last file stays unsent (its closing boundary is far shorter than that).
        using var body = await CutOffContent.FromAsync(form, second.Length / 2);

        var upload = client.PostAsync("/api/v1/ingest/upload", body);
        // Positive signal that the gateway streamed the first file to the store: its object is there while the client waits.
        IReadOnlyList<string> added = [];
        await Eventually.TrueAsync(async () => (added = [.. (await host.BlobKeysAsync("uploads/")).Except(before)]).Count > 0,
            TimeSpan.FromSeconds(60), "the first file is in the blob store while the second is still arriving");
        var stored = added;
        body.HangUp();
        await Assert.ThrowsAnyAsync<Exception>(() => upload);

        await Eventually.TrueAsync(async () => (added = [.. (await host.BlobKeysAsync("uploads/")).Except(before)]).Count == 0,
            TimeSpan.FromSeconds(60), $"the stored file ({string.Join(", ", stored)}) is deleted once the client is gone");
    }
}
