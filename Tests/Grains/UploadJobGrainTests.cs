using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Storage.Blobs;

namespace IngestionCluster.Tests.Grains;

public sealed class UploadJobGrainTests
{
    [Fact]
    public async Task A_job_never_completed_fails_a_day_after_its_url_expired_and_its_object_is_deleted()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var jobId = $"job_{Guid.NewGuid():N}";
        var key = BlobKey.Parse($"jobs/{jobId}/content");
        // Its URL expired more than a day ago: the client uploaded, then never said it was done.
        var expiredAt = DateTimeOffset.UtcNow - TimeSpan.FromDays(1) - TimeSpan.FromMinutes(5);
        var job = product.Grains.GetUploadJob(jobId);
        await job.Create(new UploadJobSpec("app.log", "text/plain", 5, key.Value, expiredAt));
        await product.Blobs.PutAsync(key, "hello"u8.ToArray(), "text/plain", CancellationToken.None);

        await Eventually.TrueAsync(async () => (await job.GetInfo())?.Status == UploadJobStatus.Failed, TimeSpan.FromSeconds(60), "the abandoned job fails");

        Assert.Contains("never completed", (await job.GetInfo())!.Error, StringComparison.Ordinal);
        Assert.False(await product.Blobs.ExistsAsync(key));
    }

    [Fact]
    public async Task A_job_completed_before_it_was_given_up_keeps_its_object()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var jobId = $"job_{Guid.NewGuid():N}";
        var key = BlobKey.Parse($"jobs/{jobId}/content");
        // Given up 5 s from now: the client completes the job before that.
        var job = product.Grains.GetUploadJob(jobId);
        var created = DateTimeOffset.UtcNow;
        await job.Create(new UploadJobSpec("app.log", "text/plain", 5, key.Value, created - TimeSpan.FromDays(1) + TimeSpan.FromSeconds(5)));
        await product.Blobs.PutAsync(key, "hello"u8.ToArray(), "text/plain", CancellationToken.None);
        await job.Complete();
        await Eventually.TrueAsync(async () => (await job.GetInfo())?.Status == UploadJobStatus.Completed, TimeSpan.FromSeconds(30), "the job completes");

        // Past the time it would have been given up.
        await Task.Delay(created + TimeSpan.FromSeconds(8) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);

        Assert.Equal(UploadJobStatus.Completed, (await job.GetInfo())!.Status);
        Assert.True(await product.Blobs.ExistsAsync(key));
    }
}
