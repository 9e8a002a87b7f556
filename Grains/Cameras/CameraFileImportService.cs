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
/// is tried again until every camera is registered or refused for good (the cluster's storage may still be coming up).
/// </summary>
internal sealed class CameraFileImportService(
    IngestOptions options,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<CameraFileImportService> logger) : BackgroundService
{
    private static readonly ExponentialBackoff RetryBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    // Holds source URLs with their credentials: dropped once imported.
    private IReadOnlyList<CameraFileEntry>? _entries;

    /// <summary>The file the setting names, or else the seed's default file in the working folder; an empty setting names none.</summary>
    private string CameraFilePath => options.CameraFile ?? IngestOptions.DefaultCameraFile;

    private bool IsNamedBySetting => options.CameraFile is not null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (CameraFilePath is { Length: > 0 } path)
        {
            try
            {
                _entries = await CameraFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (CameraFileException e)
            {
                var source = IsNamedBySetting ? string.Empty : " (read because it is in the working folder and Ingest__CameraFile is not set; set Ingest__CameraFile= to an empty value to read none)";
                throw new OptionsValidationException(IngestOptions.SectionName, typeof(IngestOptions), [$"Ingest__CameraFile: {e.Message}{source}"]);
            }
            if (_entries is null && IsNamedBySetting)
            {
                // As the camera-ingest seed did: its file appeared only once it had registered a camera.
                logger.LogWarning("Camera file {CameraFile} does not exist: no cameras imported", Path.GetFullPath(path));
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
        // The silo stops before this service does: stop trying as soon as the host starts stopping.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var token = stopping.Token;
        try
        {
            await HostStart.WaitAsync(lifetime, token).ConfigureAwait(false);
            string? reported = null;
            for (var attempt = 0; ; attempt++)
            {
                string problem;
                try
                {
                    var result = await grains.GetCameraFileImport().Import(entries).WaitAsync(token).ConfigureAwait(false);
                    // The per-camera lines of a failure that lasts are logged when the outcome changes, not at every attempt.
                    var outcome = Outcome(result);
                    if (outcome != reported)
                    {
                        Report(result);
                        reported = outcome;
                    }
                    if (result.Failed.Count == 0)
                    {
                        return;
                    }
                    problem = $"{result.Failed.Count} cameras could not be registered yet";
                }
                catch (ArgumentException e)
                {
                    logger.LogError("Camera file {CameraFile} was not imported: {Error}", CameraFilePath, e.Message);
                    return;
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    problem = e.Message;
                }
                var delay = RetryBackoff.Delay(attempt);
                logger.LogWarning("Importing the camera file {CameraFile} again in {Delay}: {Problem}", CameraFilePath, delay, problem);
                await Task.Delay(delay, clock, token).ConfigureAwait(false);
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            _entries = null;
        }
    }

    private static string Outcome(CameraFileImportResult result) =>
        string.Join('\n', result.Refused.Concat(result.Failed).Select(r => $"{r.CameraId}: {r.Reason}").Prepend(string.Join(',', result.Registered)));

    private void Report(CameraFileImportResult result)
    {
        logger.LogInformation(
            "Camera file {CameraFile}: {Registered} cameras registered ({RegisteredIds}), {Unchanged} unchanged since their last import, {Refused} refused, {Failed} failed",
            CameraFilePath, result.Registered.Count, string.Join(", ", result.Registered), result.Unchanged.Count, result.Refused.Count, result.Failed.Count);
        foreach (var refusal in result.Refused)
        {
            logger.LogWarning("Camera file {CameraFile}: camera {CameraId} was refused: {Reason}", CameraFilePath, refusal.CameraId, refusal.Reason);
        }
        foreach (var failure in result.Failed)
        {
            logger.LogWarning("Camera file {CameraFile}: camera {CameraId} could not be registered, will try again: {Error}", CameraFilePath, failure.CameraId, failure.Reason);
        }
    }
}
