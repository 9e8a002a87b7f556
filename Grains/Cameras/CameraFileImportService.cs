using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.ServiceDefaults.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// Registers the cameras of <see cref="IngestOptions.CameraFile"/> once the silo runs. The file is read before the
/// host starts, so a file that cannot be used stops the process with a configuration error (exit code 3); the import
/// is retried until the cluster takes it (its storage may still be coming up).
/// </summary>
internal sealed class CameraFileImportService(
    IngestOptions options,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<CameraFileImportService> logger) : BackgroundService
{
    private static readonly ExponentialBackoff RetryBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    private IReadOnlyList<CameraFileEntry>? _entries;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.CameraFile is { Length: > 0 } path)
        {
            if (!File.Exists(path))
            {
                // As the camera-ingest seed did: its file appeared only once it had registered a camera.
                logger.LogWarning("Camera file {CameraFile} does not exist: no cameras imported", path);
            }
            else
            {
                try
                {
                    _entries = await CameraFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                }
                catch (CameraFileException e)
                {
                    throw new OptionsValidationException(IngestOptions.SectionName, typeof(IngestOptions), [$"Ingest__CameraFile: {e.Message}"]);
                }
            }
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_entries is not { } entries)
        {
            return;
        }
        try
        {
            await HostStart.WaitAsync(lifetime, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                Report(await grains.GetCameraFileImport().Import(entries).WaitAsync(stoppingToken).ConfigureAwait(false));
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = RetryBackoff.Delay(attempt);
                logger.LogWarning("Importing the camera file {CameraFile} failed, retrying in {Delay}: {Error}", options.CameraFile, delay, e.Message);
                try
                {
                    await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Report(CameraFileImportResult result)
    {
        logger.LogInformation(
            "Camera file {CameraFile}: {Registered} cameras registered ({RegisteredIds}), {Unchanged} unchanged since their last import, {Refused} refused",
            options.CameraFile, result.Registered.Count, string.Join(", ", result.Registered), result.Unchanged.Count, result.Refused.Count);
        foreach (var refusal in result.Refused)
        {
            logger.LogWarning("Camera file {CameraFile}: camera {CameraId} was refused: {Reason}", options.CameraFile, refusal.CameraId, refusal.Reason);
        }
    }
}
