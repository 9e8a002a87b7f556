using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Catalog;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Grains.Images;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Telemetry;
using IngestionCluster.Grains.Work;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Content;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace IngestionCluster.Grains.Requests;

/// <summary>
/// One ingest request. Uploads arrive with their files already in the blob store and complete in one
/// call. RTSP captures are accepted at once and run in the background: a one-shot timer starts the
/// capture, a poll timer takes its result in a later turn, and a durable reminder resumes a capture
/// that a silo move interrupted (as a new attempt with new image ids).
/// </summary>
[GrainType("ingest-request")]
public sealed class IngestRequestGrain(
    [PersistentState("ingest-request", GrainStorage.Name)] IPersistentState<IngestRequestState> state,
    IBlobStore blobs,
    MetadataStore metadata,
    CatalogStore catalog,
    BackgroundWorkOptions options,
    TimeProvider clock,
    ILogger<IngestRequestGrain> logger,
    IRtspCaptureExecutor? capture = null) : Grain, IIngestRequestGrain, IRemindable
{
    private const string RecoveryReminder = "resume-capture";
    private const int ReadBackAttempts = 3;
    private static readonly TimeSpan ReadBackDelay = TimeSpan.FromMilliseconds(200);
    private readonly BackgroundWork<StoredCapture> _work = new();
    private IGrainTimer? _start;
    private IGrainTimer? _poll;
    private TaskCompletionSource<DateTimeOffset>? _capturing;
    private bool _unsaved;

    private string RequestId => GrainKeys.IdOf(this.GetPrimaryKeyString(), GrainKeys.IngestRequestPrefix);

    private IngestRequestState State => state.State;

    /// <summary>
    /// A save writes the state, then the request's list row: when the row's write failed, that activation went, and
    /// this one writes the row from the state, so the list shows the request as it is.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            return;
        }
        try
        {
            await catalog.UpsertRequestAsync(Info(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The request answers without its list row; the next activation tries again.
            logger.LogWarning("Request {RequestId}: the requests list could not be brought up to date: {Error}", RequestId, e.Message);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopTimers();
        var finishedBeforeDeactivation = _work.IsFinished;
        await _work.CancelAsync();
        // What is not saved here, the next activation captures again from what storage says, under new image ids.
        try
        {
            if (finishedBeforeDeactivation || _work.HasSucceeded)
            {
                // A capture that finished while its result waited for the poll: its images are stored, so it is recorded.
                await FinishCaptureAsync();
            }
            else if (_unsaved && state.RecordExists)
            {
                // A finished capture whose save failed.
                await SaveAsync();
            }
        }
        catch (Exception e)
        {
            logger.LogWarning("Request {RequestId}: saving before deactivation failed: {Error}", RequestId, e.Message);
        }
        // A capture cut short here is resumed by the reminder on the grain's next activation.
        await _work.DisposeAsync();
    }

    public async Task<IngestRequestInfo> SubmitUpload(UploadSubmission submission)
    {
        IdRules.ValidateClientId(RequestId, "request id");
        IdRules.ValidateCameraId(submission.CameraId);
        if (submission.Files.Count == 0)
        {
            throw new ArgumentException("An upload needs at least one file.");
        }
        if (state.RecordExists)
        {
            throw new ResourceConflictException($"Request '{RequestId}' exists already.");
        }
        var now = clock.GetUtcNow();
        var rows = submission.Files.Select(file => new ImageRecord(
            IdRules.ValidateClientId(file.ImageId, "image id"),
            submission.CameraId,
            ImageSource.Upload,
            blobs.Container,
            BlobKey.Parse(file.ObjectKey).Value,
            file.Sha256,
            file.SizeBytes,
            file.ContentType,
            now,
            now,
            null,
            submission.Meta,
            RequestId)).ToList();
        // All rows in one transaction: a failure leaves none, and the gateway deletes the blobs.
        await metadata.InsertImagesAsync(rows, CancellationToken.None);
        state.State = new IngestRequestState
        {
            Kind = IngestRequestKind.Upload,
            Status = IngestRequestStatus.Completed,
            CameraId = submission.CameraId,
            Meta = submission.Meta,
            Files = [.. submission.Files],
            Skipped = [.. submission.Skipped ?? []],
            CreatedAt = now,
            UpdatedAt = now,
            StartedAt = now,
            CompletedAt = now,
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception failure)
        {
            if (!await RecordedAfterAllAsync(IngestRequestKind.Upload, now, failure))
            {
                // Not recorded, so the gateway deletes the blobs: the rows go too, or they would name bytes that are gone.
                await ForgetRowsAsync(rows);
                throw;
            }
        }
        IngestMetrics.RequestImagesStored(submission.CameraId, MetadataStore.SourceName(ImageSource.Upload), rows.Count);
        try
        {
            await catalog.UpsertRequestAsync(Info(), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Recorded: the client is told so. The list row follows with the next activation.
            logger.LogWarning("Request {RequestId}: recorded, but the requests list could not be written: {Error}", RequestId, e.Message);
            DeactivateOnIdle();
        }
        logger.LogInformation("Request {RequestId}: {FileCount} uploaded images of camera {CameraId} recorded", RequestId, rows.Count, submission.CameraId);
        return Info();
    }

    public async Task<IngestRequestInfo> SubmitRtspCapture(RtspCaptureSpec spec)
    {
        IdRules.ValidateClientId(RequestId, "request id");
        IdRules.ValidateCameraId(spec.CameraId);
        if (spec.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
        if (state.RecordExists)
        {
            throw new ResourceConflictException($"Request '{RequestId}' exists already.");
        }
        var now = clock.GetUtcNow();
        state.State = new IngestRequestState
        {
            Kind = IngestRequestKind.Rtsp,
            Status = IngestRequestStatus.Accepted,
            CameraId = spec.CameraId,
            Meta = spec.Meta,
            Capture = spec,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // First: should this fail, nothing is recorded.
        await this.RegisterOrUpdateReminder(RecoveryReminder, options.RecoveryInterval, options.RecoveryInterval);
        try
        {
            await WriteStateAsync();
        }
        catch (Exception failure)
        {
            // Not recorded: the reminder finds no request and goes.
            if (!await RecordedAfterAllAsync(IngestRequestKind.Rtsp, now, failure))
            {
                throw;
            }
        }
        try
        {
            await WriteListRowAsync();
        }
        catch (Exception e)
        {
            // Recorded, so the capture runs: the client is told so, or a retry under a new id would capture twice. The first
            // save of the capture writes the row, or the next activation does.
            logger.LogWarning("Request {RequestId}: accepted, but the requests list could not be written: {Error}", RequestId, e.Message);
        }
        logger.LogInformation("Request {RequestId}: {Mode} RTSP capture for camera {CameraId} accepted", RequestId, spec.Mode, spec.CameraId);
        // The capture starts in a turn of its own, so this call returns with the request 'accepted'.
        _start = this.RegisterGrainTimer(StartCaptureAsync, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        return Info();
    }

    public Task<IngestRequestInfo?> GetStatus() => Task.FromResult(state.RecordExists ? Info() : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RecoveryReminder)
        {
            return;
        }
        if (_unsaved && state.RecordExists)
        {
            // A save failed: what is in memory (a finished capture, say) is ahead of storage, which would say
            // 'processing' for good once this activation is gone. Write it before judging by it.
            await SaveAsync();
        }
        if (State.Status is IngestRequestStatus.Completed or IngestRequestStatus.Failed || !state.RecordExists)
        {
            await UnregisterRecoveryReminderAsync();
            return;
        }
        if (_work.IsFinished)
        {
            await FinishCaptureAsync();
        }
        else if (!_work.IsRunning)
        {
            logger.LogWarning("Request {RequestId}: resuming an interrupted RTSP capture", RequestId);
            await StartCaptureAsync();
        }
    }

    /// <remarks>A timer callback that disposes its own timer: it must not use the timer's token, which that cancels.</remarks>
    private async Task StartCaptureAsync()
    {
        _start?.Dispose();
        _start = null;
        if (_work.IsRunning || State.Capture is not { } spec || State.Status is not (IngestRequestStatus.Accepted or IngestRequestStatus.Processing))
        {
            return;
        }
        // The request stays 'accepted' while it waits for one of the silo's capture slots; the poll marks it
        // 'processing' once its capture runs.
        State.UpdatedAt = clock.GetUtcNow();
        State.Attempt++;
        await SaveAsync();
        var attempt = State.Attempt;
        var capturing = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        _capturing = capturing;
        _work.Start(token => CaptureAndStoreAsync(spec, attempt, capturing, token));
        _poll = this.RegisterGrainTimer(FinishCaptureAsync, new GrainTimerCreationOptions(options.PollInterval, options.PollInterval) { KeepAlive = true });
    }

    /// <remarks>A timer callback that disposes its own timer: it must not use the timer's token, which that cancels.</remarks>
    private async Task FinishCaptureAsync()
    {
        if (!_work.IsFinished)
        {
            await MarkProcessingOnceCapturingAsync();
            return;
        }
        StopTimers();
        if (_capturing is { Task.IsCompletedSuccessfully: true } capturing)
        {
            State.StartedAt ??= await capturing.Task;
        }
        var now = clock.GetUtcNow();
        try
        {
            var capture = await _work.Take();
            State.Files = [.. capture.Files];
            State.Stream = capture.Stream;
            State.Status = IngestRequestStatus.Completed;
            logger.LogInformation("Request {RequestId}: RTSP capture stored {FileCount} frames", RequestId, capture.Files.Count);
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            State.Status = IngestRequestStatus.Failed;
            State.Error = e is RtspCaptureException or OperationCanceledException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            logger.LogWarning("Request {RequestId}: RTSP capture failed: {Error}", RequestId, State.Error);
        }
        State.UpdatedAt = now;
        State.CompletedAt = now;
        await SaveAsync();
        await UnregisterRecoveryReminderAsync();
    }

    private async Task MarkProcessingOnceCapturingAsync()
    {
        if (State.Status == IngestRequestStatus.Accepted && _capturing is { Task.IsCompletedSuccessfully: true } capturing)
        {
            State.Status = IngestRequestStatus.Processing;
            State.StartedAt ??= await capturing.Task;
            State.UpdatedAt = clock.GetUtcNow();
            await SaveAsync();
        }
    }

    /// <summary>Runs off-turn: captures, stores every frame's blob, then all rows in one transaction; on failure nothing stays.</summary>
    private async Task<StoredCapture> CaptureAndStoreAsync(RtspCaptureSpec spec, int attempt, TaskCompletionSource<DateTimeOffset> capturing, CancellationToken cancellationToken)
    {
        if (capture is null)
        {
            throw new RtspCaptureException("RTSP capture is not available: no capture executor is registered in this silo.");
        }
        var captured = await CaptureInSlotAsync(capture, spec, capturing, cancellationToken);
        var frames = captured.Frames;
        if (frames.Count == 0)
        {
            throw new RtspCaptureException("The stream delivered no frame.");
        }

        var written = new List<BlobKey>();
        try
        {
            var files = new List<IngestedFile>(frames.Count);
            var rows = new List<ImageRecord>(frames.Count);
            var receivedAt = clock.GetUtcNow();
            for (var i = 0; i < frames.Count; i++)
            {
                var frame = frames[i];
                var contentType = ContentSniffer.Sniff(frame.Jpeg);
                if (!ContentSniffer.IsImage(contentType))
                {
                    throw new RtspCaptureException($"Frame {i + 1} is not a JPEG or PNG image.");
                }
                var imageId = ImageIds.ForRequest(RequestId, attempt, i);
                var key = ImageIds.BlobKeyFor(spec.CameraId, imageId, contentType);
                var result = await blobs.PutAsync(key, frame.Jpeg, contentType, cancellationToken);
                written.Add(key);
                files.Add(new IngestedFile($"frame-{i + 1:D4}.{ContentSniffer.ExtensionFor(contentType)}", imageId, key.Value, result.Sha256, result.Size, contentType));
                rows.Add(new ImageRecord(imageId, spec.CameraId, ImageSource.Rtsp, blobs.Container, key.Value, result.Sha256, result.Size, contentType,
                    frame.CapturedAt, receivedAt, null, spec.Meta, RequestId));
            }
            await metadata.InsertImagesAsync(rows, cancellationToken);
            IngestMetrics.RequestImagesStored(spec.CameraId, MetadataStore.SourceName(ImageSource.Rtsp), rows.Count);
            return new StoredCapture(files, captured.Stream);
        }
        catch
        {
            await DeleteQuietlyAsync(written);
            throw;
        }
    }

    /// <summary>Waits for one of the silo's capture slots, then captures within the request's time limit, which starts with the slot.</summary>
    private async Task<RtspCaptureResult> CaptureInSlotAsync(
        IRtspCaptureExecutor executor, RtspCaptureSpec spec, TaskCompletionSource<DateTimeOffset> capturing, CancellationToken cancellationToken)
    {
        var waitingForSlot = executor.WaitForSlotAsync(cancellationToken);
        if (!waitingForSlot.IsCompleted)
        {
            logger.LogInformation("Request {RequestId}: waiting for a free RTSP capture slot of this silo", RequestId);
        }
        using var slot = await waitingForSlot;
        capturing.TrySetResult(clock.GetUtcNow());
        var duration = spec.Mode == RtspCaptureMode.Duration ? TimeSpan.FromSeconds(spec.DurationSeconds) : TimeSpan.Zero;
        var limit = CaptureSpan(spec) + options.RtspCaptureTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            return await executor.CaptureAsync(spec.RtspUrl, spec.Mode, spec.Mode == RtspCaptureMode.Burst ? spec.Frames : 1, duration, spec.Fps, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RtspCaptureException($"The capture did not finish within {limit.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>How long the frames take to come at the requested rate: a duration, or a burst's intervals between its frames.</summary>
    private static TimeSpan CaptureSpan(RtspCaptureSpec spec) => spec.Mode switch
    {
        RtspCaptureMode.Duration => TimeSpan.FromSeconds(spec.DurationSeconds),
        // An interval per frame, the first included: the rate filter writes a frame up to an interval after its due time.
        RtspCaptureMode.Burst => TimeSpan.FromSeconds(spec.Frames / spec.Fps),
        _ => TimeSpan.Zero,
    };

    private async Task DeleteQuietlyAsync(IEnumerable<BlobKey> keys)
    {
        foreach (var key in keys)
        {
            try
            {
                await blobs.DeleteAsync(key, CancellationToken.None);
            }
            catch (BlobStoreException e)
            {
                logger.LogWarning("Request {RequestId}: blob {BlobKey} of a failed capture not deleted: {Error}", RequestId, key, e.Message);
            }
        }
    }

    private async Task ForgetRowsAsync(IReadOnlyList<ImageRecord> rows)
    {
        foreach (var row in rows)
        {
            try
            {
                await metadata.DeleteImageAsync(row.ImageId, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError("Request {RequestId}: the row of image {ImageId}, whose upload was not recorded, could not be removed: {Error}", RequestId, row.ImageId, e.Message);
            }
        }
    }

    /// <summary>
    /// After the write of a new record failed: whether storage holds it all the same (a connection lost as the write
    /// committed leaves that unknown), read again, a few times, since a broken pooled connection can fail the first read
    /// too. This activation then holds what storage holds. When storage cannot be read at all, the activation goes, so that
    /// the next one reads it, and this throws: nothing is undone on a guess.
    /// </summary>
    private async Task<bool> RecordedAfterAllAsync(IngestRequestKind kind, DateTimeOffset createdAt, Exception writeFailure)
    {
        logger.LogWarning("Request {RequestId}: writing its record failed ({Error}); reading storage back to learn whether it committed",
            RequestId, writeFailure.Message);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await state.ReadStateAsync();
                break;
            }
            catch (Exception) when (attempt < ReadBackAttempts)
            {
                await Task.Delay(ReadBackDelay * attempt, clock);
            }
            catch
            {
                DeactivateOnIdle();
                throw;
            }
        }
        var recorded = state.RecordExists && State.Kind == kind && State.CreatedAt == createdAt;
        if (recorded)
        {
            logger.LogWarning("Request {RequestId}: storage holds its record all the same: it is answered as recorded", RequestId);
        }
        return recorded;
    }

    /// <summary>The state, then its row in the request list (a read model: the state is the truth).</summary>
    private async Task SaveAsync()
    {
        await WriteStateAsync();
        await WriteListRowAsync();
    }

    private async Task WriteStateAsync()
    {
        _unsaved = true;
        await state.WriteStateAsync();
    }

    private async Task WriteListRowAsync()
    {
        await catalog.UpsertRequestAsync(Info(), CancellationToken.None);
        _unsaved = false;
    }

    private void StopTimers()
    {
        _start?.Dispose();
        _start = null;
        _poll?.Dispose();
        _poll = null;
    }

    private IngestRequestInfo Info() => new(
        RequestId,
        State.Kind,
        State.Status,
        State.CameraId,
        State.CreatedAt,
        State.UpdatedAt,
        State.StartedAt,
        State.CompletedAt,
        State.Files,
        State.Error,
        State.Stream,
        State.Skipped.Count == 0 ? null : State.Skipped);

    private async Task UnregisterRecoveryReminderAsync()
    {
        if (await this.GetReminder(RecoveryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
