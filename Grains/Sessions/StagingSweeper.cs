using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Storage.Staging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Sessions;

/// <summary>
/// Resumes capture sessions whose chunks are staged but which nobody is working on: their silo died, or
/// the process restarted. Activating such a session reloads its chunks; it then stores its image or goes
/// stale by itself. Every silo sweeps; resuming a session that is already active is a harmless no-op.
/// </summary>
internal sealed class StagingSweeper(
    IChunkStaging staging,
    IGrainFactory grains,
    IngestOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<StagingSweeper> logger)
    : BackgroundService
{
    private const int BatchSize = 256;
    private const int Parallelism = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await HostStart.WaitAsync(lifetime, stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.StagingSweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Staging sweep failed: {Error}", e.Message);
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var idle = await staging.ListIdleAsync(clock.GetUtcNow() - options.StagingSweepIdleAfter, BatchSize, cancellationToken).ConfigureAwait(false);
        if (idle.Count == 0)
        {
            return;
        }
        logger.LogDebug("Resuming {Count} idle staged sessions", idle.Count);
        await Parallel.ForEachAsync(idle, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (key, _) =>
            {
                try
                {
                    var (cameraId, sessionId) = GrainKeys.CaptureSessionOf(key);
                    await grains.GetCaptureSession(cameraId, sessionId).Resume().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    logger.LogWarning("Resuming staged session {SessionKey} failed: {Error}", key, e.Message);
                }
            }).ConfigureAwait(false);
    }
}
