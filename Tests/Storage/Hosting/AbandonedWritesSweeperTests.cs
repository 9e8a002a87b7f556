using Amazon.S3.Model;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Hosting;
using IngestionCluster.Storage.Resilience;
using IngestionCluster.Storage.S3;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Storage.Support;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Storage.Hosting;

public sealed class AbandonedWritesSweeperTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sweep_while_s3_is_down_is_logged_and_the_next_one_aborts_the_abandoned_upload()
    {
        await using var server = await TestServers.StartPrivateAsync<S3Server>();
        var retry = new BlobRetryOptions { RetryAttempts = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(50), RetryMaxDelay = TimeSpan.FromMilliseconds(100) };
        using var store = S3TestStores.Create(server, new RecordingLogger<S3BlobStore>(output), retry);
        var kept = BlobKey.From("videos", "cam-1", "kept.mp4");
        await store.PutAsync(kept, new byte[] { 1, 2, 3 }, "video/mp4");
        var abandoned = BlobKey.From("videos", "cam-1", "abandoned.mp4");
        using (var client = server.CreateClient())
        {
            await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = store.Bucket, Key = abandoned.Value });
        }
        var logger = new RecordingLogger<AbandonedWritesSweeper>(output);
        // Two minutes on: the upload started more than the one-minute age ago.
        var later = new ShiftedClock(TimeSpan.FromMinutes(2));
        var sweeper = new AbandonedWritesSweeper(store, Options.Create(new StorageOptions { AbandonedWriteAge = TimeSpan.FromMinutes(1) }), later, logger);

        await server.StopAsync();
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        Assert.Contains(logger.Events, e => e.Message.Contains("Sweeping leftovers of unfinished blob writes failed", StringComparison.Ordinal));

        await server.StartAsync();
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
        using var check = server.CreateClient();
        var uploads = await check.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = store.Bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
        Assert.True(await store.ExistsAsync(kept));
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
