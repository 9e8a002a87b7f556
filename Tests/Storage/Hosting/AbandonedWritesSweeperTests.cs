using Amazon.S3.Model;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Hosting;
using IngestionCluster.Storage.Local;
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
        using var store = S3TestStores.Create(server, new RecordingLogger<S3BlobStore>(output), S3TestStores.OneQuickRetry);
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
        Assert.Contains(logger.Events, e => e.Message.Contains("Sweeping leftovers of unfinished blob writes (unfinished writes) failed", StringComparison.Ordinal));

        await server.StartAsync();
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
        using var check = server.CreateClient();
        var uploads = await check.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = store.Bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
        Assert.True(await store.ExistsAsync(kept));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_provisional_blob_older_than_the_age_is_removed_and_newer_and_final_blobs_are_kept(bool onS3)
    {
        await using var server = onS3 ? await TestServers.StartPrivateAsync<S3Server>() : null;
        using var folder = new TempDirectory("sweep");
        using var s3 = server is null ? null : S3TestStores.Create(server, new RecordingLogger<S3BlobStore>(output));
        IBlobStore store = s3 ?? (IBlobStore)new LocalFolderBlobStore(new LocalStorageOptions { LocalRoot = folder.Path }, new RecordingLogger<LocalFolderBlobStore>(output));
        // A gateway died between writing a video that came before its metadata and moving it to its LDO's folder.
        var abandoned = ProvisionalBlobs.KeyFor("ldos", "abandoned.mp4");
        var final = BlobKey.From("ldos", "ldo-1", "kept.mp4");
        await store.PutAsync(abandoned, new byte[] { 1, 2, 3 }, "video/mp4");
        await store.PutAsync(final, new byte[] { 4, 5, 6 }, "video/mp4");
        var options = Options.Create(new StorageOptions { AbandonedWriteAge = TimeSpan.FromMinutes(1) });
        var logger = new RecordingLogger<AbandonedWritesSweeper>(output);

        // Younger than the age: a request may still be about to move it.
        Assert.Equal(0, await new AbandonedWritesSweeper(store, options, TimeProvider.System, logger).SweepAsync(CancellationToken.None));
        Assert.True(await store.ExistsAsync(abandoned));

        var later = new AbandonedWritesSweeper(store, options, new ShiftedClock(TimeSpan.FromMinutes(2)), logger);
        Assert.Equal(1, await later.SweepAsync(CancellationToken.None));
        Assert.False(await store.ExistsAsync(abandoned));
        Assert.True(await store.ExistsAsync(final), "a blob at its final key is never provisional");
        Assert.Contains(logger.Events, e => e.Message.Contains("abandoned.mp4", StringComparison.Ordinal));
        Assert.Equal(0, await later.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Provisional_blobs_are_swept_also_where_the_store_refuses_to_list_multipart_uploads()
    {
        using var folder = new TempDirectory("sweep-refused");
        var local = new LocalFolderBlobStore(new LocalStorageOptions { LocalRoot = folder.Path }, new RecordingLogger<LocalFolderBlobStore>(output));
        var store = new MultipartListingRefused(local);
        var abandoned = ProvisionalBlobs.KeyFor("ldos", "refused.mp4");
        await store.PutAsync(abandoned, new byte[] { 1, 2, 3 }, "video/mp4");
        var logger = new RecordingLogger<AbandonedWritesSweeper>(output);
        var sweeper = new AbandonedWritesSweeper(store, Options.Create(new StorageOptions { AbandonedWriteAge = TimeSpan.FromMinutes(1) }),
            new ShiftedClock(TimeSpan.FromMinutes(2)), logger);

        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));

        Assert.False(await store.ExistsAsync(abandoned));
        Assert.Contains(logger.Events, e => e.Message.Contains("(unfinished writes) failed", StringComparison.Ordinal) && e.Message.Contains("501", StringComparison.Ordinal));
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
