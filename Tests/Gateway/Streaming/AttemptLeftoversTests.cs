using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.S3;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Storage.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Gateway.Streaming;

public sealed class AttemptLeftoversTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_s3_down_the_leftovers_stay_and_a_warning_is_logged_and_with_s3_back_they_go_and_the_recorded_blob_stays()
    {
        await using var server = await TestServers.StartPrivateAsync<S3Server>();
        using var store = S3TestStores.Create(server, new RecordingLogger<S3BlobStore>(output), S3TestStores.OneQuickRetry);
        var folder = BlobKey.From("uploads", "req_1");
        var recorded = BlobKey.From("uploads", "req_1", "img_recorded.jpg");
        var leftover = BlobKey.From("uploads", "req_1", "img_leftover.jpg");
        await store.PutAsync(recorded, new byte[] { 1 }, "image/jpeg");
        await store.PutAsync(leftover, new byte[] { 2 }, "image/jpeg");
        var logger = new RecordingLogger<AttemptLeftoversTests>(output);

        await server.StopAsync();
        // Best effort: the request that was recorded is answered all the same.
        await AttemptLeftovers.RemoveAsync(store, folder, [recorded.Value], logger, CancellationToken.None);
        Assert.Contains(logger.Events, e => e.Message.Contains("not removed", StringComparison.Ordinal));

        await server.StartAsync();
        Assert.True(await store.ExistsAsync(leftover));
        await AttemptLeftovers.RemoveAsync(store, folder, [recorded.Value, null], logger, CancellationToken.None);
        Assert.Equal([recorded], (await store.ListAsync(folder)).Select(blob => blob.Key));
    }
}
