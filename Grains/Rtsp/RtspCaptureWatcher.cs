using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Keeps every RTSP camera capturing somewhere in the cluster without an outside call. When membership
/// declares a silo dead, and when this silo starts, it activates every RTSP camera: the ones that lived on
/// the dead silo come up on a live one and start their capture loop; the others answer at once. A slow
/// periodic pass catches anything missed. Reminders (one a minute) remain as the last safety net.
/// Once this silo's host stops (a graceful leave), it resumes nothing more: its own calls could only fail,
/// and the survivors' watchers pick up its cameras when membership declares it dead.
/// </summary>
internal sealed class RtspCaptureWatcher(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IGrainFactory grains,
    MetadataStore metadata,
    IOptions<RtspOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<RtspCaptureWatcher> logger) : BackgroundService
{
    private const int PageSize = 500;

    /// <summary>The cameras list's names of the streamed source types (RTSP, and MJPEG over HTTP).</summary>
    private static readonly string[] StreamedSourceTypes = [.. Enum.GetValues<CameraSourceType>().Where(type => type.IsStreamed()).Select(type => type.Name())];
    private const int Parallelism = 16;
    private const string Periodic = "periodic";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await HostStart.WaitAsync(lifetime, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        // The host stops Orleans before this service: stop resuming as soon as the host starts stopping.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var token = stopping.Token;
        var periodic = RunPeriodicAsync(token);
        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(token).ConfigureAwait(false))
            {
                var newlyDead = snapshot.Members.Values
                    .Where(member => member.Status == SiloStatus.Dead && !member.SiloAddress.Equals(localSilo.SiloAddress) && dead.Add(member.SiloAddress))
                    .ToList();
                if (newlyDead.Count > 0)
                {
                    logger.LogInformation("Silo {Silos} declared dead: resuming RTSP captures", string.Join(", ", newlyDead.Select(m => m.Name)));
                    await ResumeAllAsync("silo declared dead", token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        await periodic.ConfigureAwait(false);
    }

    private async Task RunPeriodicAsync(CancellationToken stoppingToken)
    {
        try
        {
            // At start-up too: after a restart of the whole cluster (or of standalone mode) captures resume at once, not at the next reminder.
            await Task.Delay(options.Value.WatcherStartDelay, clock, stoppingToken).ConfigureAwait(false);
            await ResumeAllAsync("start-up", stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(options.Value.WatcherInterval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await ResumeAllAsync(Periodic, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ResumeAllAsync(string reason, CancellationToken cancellationToken)
    {
        var cameras = 0;
        var failures = 0;
        try
        {
            foreach (var sourceType in StreamedSourceTypes)
            {
                for (var skip = 0; ; skip += PageSize)
                {
                    var page = await metadata.ListCameraIdsBySourceAsync(sourceType, skip, PageSize, cancellationToken).ConfigureAwait(false);
                    await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                        async (cameraId, _) =>
                        {
                            try
                            {
                                await grains.GetCamera(cameraId).EnsureCapturing().ConfigureAwait(false);
                            }
                            catch (Exception) when (cancellationToken.IsCancellationRequested)
                            {
                                // The host is stopping: the call failed because of it.
                            }
                            catch (Exception e)
                            {
                                Interlocked.Increment(ref failures);
                                logger.LogWarning("Resuming the capture of camera {CameraId} failed: {Error}", cameraId, e.Message);
                            }
                        }).ConfigureAwait(false);
                    cameras += page.Count;
                    if (page.Count < PageSize)
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Listing RTSP cameras to resume failed: {Error}", e.Message);
            return;
        }
        if (reason == Periodic)
        {
            logger.PeriodicWatcherPass(reason, cameras, failures);
        }
        else
        {
            logger.WatcherPass(reason, cameras, failures);
        }
    }
}
