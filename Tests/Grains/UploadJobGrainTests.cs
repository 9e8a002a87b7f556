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
    public async Task A_job_whose_url_is_still_valid_stays_created()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var jobId = $"job_{Guid.NewGuid():N}";
        var job = product.Grains.GetUploadJob(jobId);
        await job.Create(new UploadJobSpec("app.log", "text/plain", 5, $"jobs/{jobId}/content", DateTimeOffset.UtcNow.AddHours(1)));

        Assert.Equal(UploadJobStatus.Created, (await job.GetInfo())!.Status);
    }
}
