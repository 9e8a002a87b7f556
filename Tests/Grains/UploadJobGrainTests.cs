using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Grains;

public sealed class UploadJobGrainTests
{
    /// <summary>The expiry reminder ticks again at this interval until it has run: a missed or failed tick costs a second here.</summary>
    private static readonly Dictionary<string, string?> _quickRecovery = new() { ["Work:RecoveryInterval"] = "00:00:01" };

    [Fact]
    public async Task A_job_never_completed_fails_a_day_after_its_url_expired_and_its_object_is_deleted()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone, settings: _quickRecovery);
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

    [Fact]
    public async Task A_job_created_while_the_jobs_list_is_out_of_reach_is_created_and_listed_by_the_next_activation()
    {
        await using var product = await ProductCluster.StartAsync(StorageKind.Standalone);
        var jobId = $"job_{Guid.NewGuid():N}";
        var job = product.Grains.GetUploadJob(jobId);
        var spec = new UploadJobSpec("app.log", "text/plain", 5, BlobKey.Parse($"jobs/{jobId}/content").Value,
            DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + TimeSpan.FromHours(1));

        await product.Database.ExecuteAsync("ALTER TABLE upload_jobs RENAME TO upload_jobs_away", null, CancellationToken.None);
        var created = await job.Create(spec);
        await product.Database.ExecuteAsync("ALTER TABLE upload_jobs_away RENAME TO upload_jobs", null, CancellationToken.None);

        Assert.Equal(jobId, created.JobId);
        Assert.Equal(UploadJobStatus.Created, created.Status);
        Assert.Empty(await ListedAsync());
        await Eventually.TrueAsync(async () => await job.GetInfo() is not null && (await ListedAsync()).Count == 1, TimeSpan.FromSeconds(30),
            "the next activation lists the job");
        Assert.Equal(created, (await ListedAsync())[0]);
        // A retry with the same key is the same job, not a conflict.
        Assert.Equal(created, await job.Create(spec));

        async Task<IReadOnlyList<UploadJobInfo>> ListedAsync() =>
            (await product.Grains.GetCatalog().ListJobs(null, 0, 10)).Items;
    }

    [Fact]
    public async Task A_job_whose_expiry_falls_while_the_database_is_down_fails_once_the_database_is_back()
    {
        await using var postgres = await TestServers.StartPrivateAsync<PostgresServer>();
        var settings = new Dictionary<string, string?>(_quickRecovery) { ["Db:ConnectionString"] = await postgres.CreateDatabaseAsync("jobs") };
        await using var product = await ProductCluster.StartAsync(StorageKind.Cluster, settings: settings);
        var jobId = $"job_{Guid.NewGuid():N}";
        var key = BlobKey.Parse($"jobs/{jobId}/content");
        var givenUpAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        var job = product.Grains.GetUploadJob(jobId);
        await job.Create(new UploadJobSpec("app.log", "text/plain", 5, key.Value, givenUpAt - TimeSpan.FromDays(1)));
        await product.Blobs.PutAsync(key, "hello"u8.ToArray(), "text/plain", CancellationToken.None);

        // The job cannot be saved as failed when its reminder first ticks.
        await postgres.StopAsync();
        await Task.Delay(givenUpAt + TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        await postgres.StartAsync();

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await job.GetInfo())?.Status == UploadJobStatus.Failed;
            }
            catch (Exception)
            {
                // Connections of the pool opened before the restart fail once each.
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the abandoned job fails after the database came back");
        Assert.Contains("never completed", (await job.GetInfo())!.Error, StringComparison.Ordinal);
        Assert.False(await product.Blobs.ExistsAsync(key));
        // The job's list row follows, even when the state was written and the row was not (a pooled connection that
        // died with the server fails its next command).
        await Eventually.TrueAsync(async () => (await product.Grains.GetCatalog().ListJobs(UploadJobStatus.Failed, 0, 10)).Items.Any(j => j.JobId == jobId),
            TimeSpan.FromSeconds(30), "the job list shows the job failed");
    }
}
