using System.Net.Http.Headers;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Grains.Catalog;
using IngestionCluster.Grains.Work;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace IngestionCluster.Grains.Jobs;

/// <summary>
/// One direct-to-storage upload. The client PUTs the object to the URL the gateway issued, then asks
/// for completion: the job is queued, and the object is checked (exists, declared size), hashed and,
/// for text, its lines counted — in the background, so the job stays queryable. A durable reminder
/// resumes the check after a silo move. An object that fails the check is deleted.
/// </summary>
[GrainType("upload-job")]
public sealed class UploadJobGrain(
    [PersistentState("upload-job", GrainStorage.Name)] IPersistentState<UploadJobState> state,
    IBlobStore blobs,
    CatalogStore catalog,
    BackgroundWorkOptions options,
    TimeProvider clock,
    ILogger<UploadJobGrain> logger) : Grain, IUploadJobGrain, IRemindable
{
    private const string RecoveryReminder = "resume-check";
    private const string ExpiryReminder = "expire-upload";

    /// <summary>
    /// How long after its URL expired a job that was never completed is given up: an upload that started before
    /// the expiry may still be running, and its client completes the job after it.
    /// </summary>
    public static readonly TimeSpan AbandonedAfterExpiry = TimeSpan.FromDays(1);
    private static readonly TimeSpan MinimumReminderDue = TimeSpan.FromSeconds(1);
    private readonly BackgroundWork<UploadCheck> _work = new();
    private IGrainTimer? _start;
    private IGrainTimer? _poll;

    private string JobId => GrainKeys.IdOf(this.GetPrimaryKeyString(), GrainKeys.UploadJobPrefix);

    private UploadJobState State => state.State;

    /// <summary>
    /// A save writes the state, then the job's list row: when the row's write failed, the activation went, and this
    /// one writes the row from the state, so the list does not keep a status the job has left.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Spec is null)
        {
            return;
        }
        try
        {
            await catalog.UpsertJobAsync(Info(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The job answers without its list row; the next activation tries again.
            logger.LogWarning("Job {JobId}: the jobs list could not be brought up to date: {Error}", JobId, e.Message);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopTimers();
        await _work.DisposeAsync();
    }

    public async Task<UploadJobInfo> Create(UploadJobSpec spec)
    {
        IdRules.ValidateClientId(JobId, "job id");
        BlobKey.Parse(spec.ObjectKey);
        if (spec.SizeBytes < 1)
        {
            throw new ArgumentException("size_bytes must be at least 1.");
        }
        if (string.IsNullOrWhiteSpace(spec.Filename))
        {
            throw new ArgumentException("filename is required.");
        }
        if (spec.ContentType is not null && !MediaTypeHeaderValue.TryParse(spec.ContentType, out _))
        {
            throw new ArgumentException("content_type is not a media type such as 'text/plain'.");
        }
        if (spec.LogFormat is not null && LogFormats.Normalize(spec.LogFormat) != spec.LogFormat)
        {
            throw new ArgumentException($"log_format must be one of {string.Join(", ", LogFormats.All)}.");
        }
        if (State.Spec is { } existing)
        {
            return existing == spec ? Info() : throw new ResourceConflictException($"Job '{JobId}' exists already.");
        }
        var now = clock.GetUtcNow();
        // A reminder whose first tick is already past when Orleans schedules it (the table write or the reminder
        // service's start-up took longer than the due time) waits a whole period, as does one whose tick failed:
        // the period is the recovery interval, so either costs minutes, not a day. It is unregistered once it has run.
        var expiry = spec.UploadExpiresAt + AbandonedAfterExpiry - now;
        var due = expiry > MinimumReminderDue ? expiry : MinimumReminderDue;
        await this.RegisterOrUpdateReminder(ExpiryReminder, due, options.RecoveryInterval);
        state.State = new UploadJobState { Spec = spec, Status = UploadJobStatus.Created, CreatedAt = now, UpdatedAt = now };
        await WriteStateAsync(CancellationToken.None);
        try
        {
            await catalog.UpsertJobAsync(Info(), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Recorded: the client is told so, or a retry without a key would create a second job. The list row follows
            // with the next activation.
            logger.LogWarning("Job {JobId}: created, but the jobs list could not be written: {Error}", JobId, e.Message);
            DeactivateOnIdle();
        }
        logger.LogInformation("Job {JobId}: direct upload of {SizeBytes} bytes ({ContentType}) to {BlobKey} created", JobId, spec.SizeBytes,
            spec.ContentType ?? spec.LogFormat ?? "any content type", spec.ObjectKey);
        return Info();
    }

    public async Task<UploadJobInfo> Complete()
    {
        if (State.Spec is null)
        {
            throw new ResourceNotFoundException($"Job '{JobId}' does not exist.");
        }
        if (State.Status is UploadJobStatus.Queued or UploadJobStatus.Processing)
        {
            // Perhaps a retry of a completion that failed after the job was saved as queued: the check must be on its way.
            ScheduleCheck();
            return Info();
        }
        if (State.Status != UploadJobStatus.Created)
        {
            return Info();
        }
        // First: should the save fail part-way, the reminder resumes a job saved as queued, and forgets one that was not.
        await this.RegisterOrUpdateReminder(RecoveryReminder, options.RecoveryInterval, options.RecoveryInterval);
        State.Status = UploadJobStatus.Queued;
        State.UpdatedAt = clock.GetUtcNow();
        State.QueuedAt = State.UpdatedAt;
        await SaveAsync(CancellationToken.None);
        ScheduleCheck();
        // Completed in time: nothing left to expire (should this fail, the reminder finds the job queued and goes).
        await UnregisterReminderAsync(ExpiryReminder);
        return Info();
    }

    /// <summary>The check starts in a turn of its own, so the caller's turn returns with the job 'queued'.</summary>
    private void ScheduleCheck()
    {
        if (_start is null && _poll is null && !_work.IsRunning)
        {
            _start = this.RegisterGrainTimer(StartCheckAsync, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    public Task<UploadJobInfo?> GetInfo() => Task.FromResult(State.Spec is null ? null : Info());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ExpiryReminder)
        {
            await ExpireIfNeverCompletedAsync();
            return;
        }
        if (reminderName != RecoveryReminder)
        {
            return;
        }
        if (State.Status is not (UploadJobStatus.Queued or UploadJobStatus.Processing))
        {
            await UnregisterRecoveryReminderAsync();
            return;
        }
        if (_work.IsFinished)
        {
            await FinishCheckAsync();
        }
        else if (!_work.IsRunning)
        {
            logger.LogWarning("Job {JobId}: resuming an interrupted check", JobId);
            await StartCheckAsync();
        }
    }

    /// <remarks>A timer callback that disposes its own timer: it must not use the timer's token, which that cancels.</remarks>
    private async Task StartCheckAsync()
    {
        _start?.Dispose();
        _start = null;
        if (_work.IsRunning || State.Spec is not { } spec || State.Status is not (UploadJobStatus.Queued or UploadJobStatus.Processing))
        {
            return;
        }
        State.Status = UploadJobStatus.Processing;
        State.UpdatedAt = clock.GetUtcNow();
        State.StartedAt ??= State.UpdatedAt;
        await SaveAsync(CancellationToken.None);
        var key = BlobKey.Parse(spec.ObjectKey);
        var countLines = spec.LogFormat is not null || (spec.ContentType is { } contentType && UploadedObjectInspector.IsText(contentType));
        _work.Start(token => UploadedObjectInspector.InspectAsync(blobs, key, spec.SizeBytes, spec.ContentType, countLines, token));
        _poll = this.RegisterGrainTimer(FinishCheckAsync, new GrainTimerCreationOptions(options.PollInterval, options.PollInterval) { KeepAlive = true });
    }

    /// <remarks>A timer callback that disposes its own timer: it must not use the timer's token, which that cancels.</remarks>
    private async Task FinishCheckAsync()
    {
        if (!_work.IsFinished)
        {
            return;
        }
        StopTimers();
        try
        {
            var check = await _work.Take();
            State.Status = UploadJobStatus.Completed;
            State.SizeBytes = check.SizeBytes;
            State.Sha256 = check.Sha256;
            State.LineCount = check.LineCount;
            logger.LogInformation("Job {JobId}: completed, {SizeBytes} bytes, SHA-256 {Sha256}", JobId, check.SizeBytes, check.Sha256);
        }
        catch (UploadRejectedException e)
        {
            State.Status = UploadJobStatus.Failed;
            State.Error = e.Message;
            logger.LogWarning("Job {JobId}: failed: {Error}", JobId, e.Message);
            await DeleteObjectQuietlyAsync();
        }
        catch (Exception e) when (e is BlobStoreException { IsTransient: true } or IOException or HttpRequestException)
        {
            // The store is down for now, or the object's stream broke off: stay in processing; the reminder tries again.
            logger.LogWarning("Job {JobId}: check interrupted, will resume: {Error}", JobId, e.Message);
            return;
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            State.Status = UploadJobStatus.Failed;
            State.Error = $"The uploaded object could not be checked: {e.Message}";
            logger.LogWarning(e, "Job {JobId}: check failed", JobId);
        }
        State.UpdatedAt = clock.GetUtcNow();
        State.FinishedAt = State.UpdatedAt;
        await SaveAsync(CancellationToken.None);
        await UnregisterRecoveryReminderAsync();
    }

    private async Task DeleteObjectQuietlyAsync()
    {
        try
        {
            await blobs.DeleteAsync(BlobKey.Parse(State.Spec!.ObjectKey), CancellationToken.None);
        }
        catch (BlobStoreException e)
        {
            logger.LogWarning("Job {JobId}: rejected object not deleted: {Error}", JobId, e.Message);
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await WriteStateAsync(cancellationToken);
        try
        {
            await catalog.UpsertJobAsync(Info(), cancellationToken);
        }
        catch
        {
            // The next activation writes the row from the saved state.
            StopTimers();
            DeactivateOnIdle();
            throw;
        }
    }

    /// <remarks>Should it fail, the state in memory stays ahead of what was saved, or may be: its timers stop acting on it.</remarks>
    private Task WriteStateAsync(CancellationToken cancellationToken) => state.WriteOrDeactivateAsync(this, StopTimers, cancellationToken);

    private void StopTimers()
    {
        _start?.Dispose();
        _start = null;
        _poll?.Dispose();
        _poll = null;
    }

    private UploadJobInfo Info()
    {
        var spec = State.Spec!;
        return new UploadJobInfo(JobId, State.Status, spec.Filename, spec.ContentType, spec.SizeBytes, spec.ObjectKey, State.CreatedAt, State.UpdatedAt,
            spec.UploadExpiresAt, State.SizeBytes, State.Sha256, State.LineCount, State.Error, spec.LogFormat, State.QueuedAt, State.StartedAt, State.FinishedAt);
    }

    /// <summary>A job its client never completed fails a day after its URL expired, and its object, if any came, is deleted.</summary>
    private async Task ExpireIfNeverCompletedAsync()
    {
        if (State.Spec is { } spec && State.Status == UploadJobStatus.Created)
        {
            if (clock.GetUtcNow() < spec.UploadExpiresAt + AbandonedAfterExpiry)
            {
                return;
            }
            // The object first: should it or the save fail, the job is still 'created' in storage and the reminder's
            // next tick does both again (deleting a missing object succeeds).
            await blobs.DeleteAsync(BlobKey.Parse(spec.ObjectKey), CancellationToken.None);
            State.Status = UploadJobStatus.Failed;
            State.Error = $"The upload was never completed: its URL expired at {spec.UploadExpiresAt:u}.";
            State.UpdatedAt = clock.GetUtcNow();
            State.FinishedAt = State.UpdatedAt;
            await SaveAsync(CancellationToken.None);
            logger.LogWarning("Job {JobId}: never completed; failed a day after its upload URL expired, its object deleted", JobId);
        }
        await UnregisterReminderAsync(ExpiryReminder);
    }

    private Task UnregisterRecoveryReminderAsync() => UnregisterReminderAsync(RecoveryReminder);

    private async Task UnregisterReminderAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
