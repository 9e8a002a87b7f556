using System.Diagnostics.Metrics;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Storage.Hosting;

/// <summary>
/// Removes, now and then, what writes that never finished left in the blob store: a process killed in the middle
/// of a multipart upload, or an abort that failed because S3 was down, leaves parts S3 keeps (and bills) forever;
/// a crashed standalone process leaves temp files, and a process that died between writing a provisional blob and
/// moving it to its final key leaves it in <see cref="ProvisionalBlobs.Folder"/>. Every silo sweeps; two sweeps of one
/// leftover are harmless.
/// </summary>
public sealed class AbandonedWritesSweeper(IBlobStore store, IOptions<StorageOptions> options, TimeProvider clock, ILogger<AbandonedWritesSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan _longestInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan _firstSweepAfter = TimeSpan.FromMinutes(1);

    private static readonly Counter<long> _removed = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_blob_abandoned_writes_removed", "{write}",
        "Leftovers of unfinished blob writes removed (S3 multipart uploads aborted, temp files and provisional blobs deleted) after Storage__AbandonedWriteAge.");

    private TimeSpan Age => options.Value.AbandonedWriteAge;

    /// <summary>A quarter of the age, at most an hour: a leftover lives at most a quarter longer than the age.</summary>
    private TimeSpan Interval => Age / 4 < _longestInterval ? Age / 4 : _longestInterval;

    /// <summary>
    /// One sweep: removes leftovers older than the age. Its two parts fail apart (a store that refuses listing multipart
    /// uploads still has its provisional blobs swept); a failure is logged and the next sweep tries again.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var startedBefore = clock.GetUtcNow() - Age;
        var removed = await SweepPartAsync("unfinished writes", () => store.RemoveAbandonedWritesAsync(startedBefore, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        removed += await SweepPartAsync("provisional blobs", () => RemoveProvisionalBlobsAsync(startedBefore, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (removed > 0)
        {
            _removed.Add(removed);
            logger.LogInformation("Removed {Count} leftover(s) of unfinished blob writes older than {Age}", removed, Age);
        }
        return removed;
    }

    private async Task<int> SweepPartAsync(string part, Func<Task<int>> sweep, CancellationToken cancellationToken)
    {
        try
        {
            return await sweep().ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Sweeping leftovers of unfinished blob writes ({Part}) failed: {Error}; trying again in {Interval}", part, e.Message, Interval);
            return 0;
        }
    }

    private async Task<int> RemoveProvisionalBlobsAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var blob in await store.ListAsync(ProvisionalBlobs.FolderKey, cancellationToken).ConfigureAwait(false))
        {
            if (blob.LastModified < writtenBefore)
            {
                await store.DeleteAsync(blob.Key, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Removed provisional blob {BlobKey}, written at {WrittenAt} and never moved to its final key", blob.Key, blob.LastModified);
                removed++;
            }
        }
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Interval < _firstSweepAfter ? Interval : _firstSweepAfter, clock, stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(Interval, clock);
            do
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
