using System.Diagnostics;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.DeadLetters;
using IngestionCluster.Grains.Events;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Images;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Telemetry;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Content;
using IngestionCluster.Storage.Database;
using IngestionCluster.Storage.Resilience;
using IngestionCluster.Storage.Staging;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace IngestionCluster.Grains.Sessions;

/// <summary>
/// Assembles one MQTT capture, one turn at a time. Every new chunk is staged durably before
/// <see cref="AddChunks"/> returns, so the gateway acknowledges it only then; a killed silo loses nothing,
/// because the session's next activation (by the next chunk, or by the staging sweeper) reloads what was
/// staged. Once complete, the image is stored under an id derived from the session, so a repeat never
/// stores it twice; storing is retried until it succeeds. Duplicates are ignored, inconsistent chunks
/// recorded as dead letters, and a session without a new chunk for the stale timeout is closed and recorded.
/// </summary>
[GrainType(GrainTypeName)]
[PreferLocalPlacement]
public sealed class CaptureSessionGrain(
    [PersistentState(CaptureSessionGrain.StateName, GrainStorage.Name)] IPersistentState<SessionState> state,
    IChunkStaging staging,
    IBlobStore blobs,
    MetadataStore metadata,
    CameraEventPublisher events,
    DeadLetterRecorder deadLetters,
    CaptureIndex captures,
    PendingImageStores pendingStores,
    IngestOptions options,
    TimeProvider clock,
    ILogger<CaptureSessionGrain> logger) : Grain, ICaptureSessionGrain
{
    public const string GrainTypeName = "capture-session";

    /// <summary>The name its state is stored under (the <c>grain_type</c> of its rows).</summary>
    public const string StateName = "capture-session";
    private static readonly TimeSpan _firstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan _maxRetry = TimeSpan.FromSeconds(15);
    private ChunkAssembler? _assembler;
    private HeldChunk?[] _held = [];
    private IGrainTimer? _staleTimer;
    private IGrainTimer? _storeTimer;
    private TimeSpan _storeRetry = _firstRetry;
    private DateTimeOffset _firstChunkAt;
    private DateTimeOffset _lastChunkAt;
    private DateTimeOffset _lastStagingFailedAt;
    private DateTimeOffset _resumedAt;
    private long _pendingBytes;
    private ActivityContext _completedBy;

    private string Key => this.GetPrimaryKeyString();

    private string CameraId => GrainKeys.CaptureSessionOf(Key).CameraId;

    private string SessionId => GrainKeys.CaptureSessionOf(Key).SessionId;

    private bool IsAutomatic => !CaptureSessionIds.IsExplicit(SessionId);

    private bool Storing => _storeTimer is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Completed || state.State.Stale)
        {
            // A crash between the state write and dropping the staging leaves chunks behind: drop them now.
            await staging.DropAsync(Key, cancellationToken);
            return;
        }
        if (await staging.LoadAsync(Key, cancellationToken) is not { } staged)
        {
            return;
        }
        var refused = new List<(StagedChunk Chunk, ChunkAddOutcome Outcome)>();
        foreach (var chunk in staged.Chunks)
        {
            Start(chunk.ReceivedAt);
            switch (_assembler!.Add(chunk.Index, chunk.Total, chunk.Data))
            {
                case ChunkAddOutcome.Added:
                    Remember(chunk.Index, chunk.Data, chunk.DeliveryId);
                    break;
                case ChunkAddOutcome.Duplicate:
                    break;
                case var outcome:
                    refused.Add((chunk, outcome));
                    break;
            }
        }
        _firstChunkAt = staged.Chunks.Min(chunk => chunk.ReceivedAt);
        _lastChunkAt = staged.LastStagedAt;
        // The silo may have been down for longer than the stale timeout: the camera's next chunks may still wait at the broker.
        _resumedAt = clock.GetUtcNow();
        await RecordRefusedOnReloadAsync(refused);
        IngestMetrics.SessionResumed();
        logger.LogInformation("Capture session {SessionId} of camera {CameraId} resumed with {Received} of {Total} staged chunks",
            SessionId, CameraId, _assembler!.Received, _assembler.Total);
        if (_assembler.IsComplete)
        {
            BeginStoring();
        }
    }

    /// <summary>
    /// Staged chunks the assembler no longer takes (<c>Ingest__MaxImageBytes</c> was lowered since they were staged) were
    /// acknowledged already, so no redelivery brings them back: each is recorded as a dead letter, and the session goes
    /// stale without them. Recording is repeatable (a dead letter's fingerprint is its identity), so a failure here is left
    /// to the next activation rather than failing this one.
    /// </summary>
    private async Task RecordRefusedOnReloadAsync(List<(StagedChunk Chunk, ChunkAddOutcome Outcome)> refused)
    {
        var imageId = IsAutomatic ? null : CaptureSessionIds.ImageIdOf(SessionId);
        foreach (var (chunk, outcome) in refused)
        {
            var reason = outcome switch
            {
                ChunkAddOutcome.TotalChanged => ChunkRejectionReason.TotalChanged,
                ChunkAddOutcome.IndexOutOfRange => ChunkRejectionReason.IndexOutOfRange,
                ChunkAddOutcome.Conflict => ChunkRejectionReason.ConflictingData,
                _ => ChunkRejectionReason.ImageTooLarge,
            };
            try
            {
                await deadLetters.RecordChunkAsync(new ImageChunk(CameraId, chunk.Index, chunk.Total, chunk.Data, imageId, chunk.ReceivedAt, DeliveryId: chunk.DeliveryId),
                    reason, $"staged chunk {chunk.Index}/{chunk.Total} of session {SessionId} (camera {CameraId}) refused when the session was reloaded");
            }
            catch (Exception e)
            {
                logger.LogWarning("A staged chunk of session {SessionId} of camera {CameraId} refused on reload ({Reason}) is not recorded yet ({Error})",
                    SessionId, CameraId, reason, e.Message);
            }
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // An image still waiting to be stored stays staged: its next activation counts it again.
        Reset();
        return Task.CompletedTask;
    }

    public async Task<ChunkReceipt[]> AddChunks(ImageChunk[] chunks)
    {
        var wasStarted = _assembler is not null;
        if (!wasStarted && !state.State.Completed && !state.State.Stale && pendingStores.HoldBack() is { } backlog)
        {
            throw backlog;
        }
        var receipts = new List<ChunkReceipt>(chunks.Length);
        var added = new List<StagedChunk>(chunks.Length);
        foreach (var chunk in chunks)
        {
            var receipt = Take(chunk, added);
            receipts.Add(receipt);
            if (receipt.Outcome == ChunkOutcome.Bounced)
            {
                break;
            }
        }
        if (added.Count > 0)
        {
            await StageAsync(added, wasStarted);
        }
        for (var i = 0; i < receipts.Count; i++)
        {
            // An automatic session that went stale leaves the chunk to its camera, which may route it to its next session.
            if (receipts[i] is { Outcome: ChunkOutcome.Rejected, Reason: { } reason } && !(IsAutomatic && reason == ChunkRejectionReason.SessionClosed))
            {
                var chunk = chunks[i];
                await deadLetters.RecordChunkAsync(chunk, reason, $"chunk {chunk.Index}/{chunk.Total} of session {SessionId} (camera {CameraId})");
            }
        }
        return [.. receipts];
    }

    public Task<SessionStatus> GetStatus() => Task.FromResult(new SessionStatus(
        CameraId, SessionId, _assembler?.Total ?? state.State.Total, _assembler?.Received ?? (state.State.Completed ? state.State.Total : 0),
        state.State.Completed, state.State.Stale, state.State.ImageId, _assembler?.Missing() ?? state.State.Missing,
        _assembler is null ? state.State.FirstChunkAt : _firstChunkAt, _assembler is null ? state.State.LastChunkAt : _lastChunkAt));

    public Task<HeldChunk?[]> GetHeldChunks()
    {
        if (!state.State.Completed)
        {
            return Task.FromResult(_held);
        }
        // Sessions completed before packet identifiers were kept have digests only.
        var deliveryIds = state.State.ChunkDeliveryIds;
        return Task.FromResult<HeldChunk?[]>([.. state.State.ChunkDigests.Select((digest, index) =>
            digest is null ? null : new HeldChunk(digest, index < deliveryIds.Length ? deliveryIds[index] : null))]);
    }

    public async Task<ReprocessResult> Forget(bool deleteImage)
    {
        var wasProcessed = state.State.Completed || state.State.Stale;
        var dropped = _assembler?.Received ?? 0;
        // A session whose image was stored but whose completion could not be saved does not name it: its id is derived.
        var storedImageId = state.State.ImageId ?? ImageIds.ForSession(CameraId, SessionId, state.State.Generation);
        // Every step can be repeated, in this order, so a retry after a failure part-way finds what is left to do:
        // the image first, while the state still names it; the capture's row last, as the retry finds the session by it.
        string? deleted = null;
        if (deleteImage && await metadata.GetImageAsync(storedImageId, CancellationToken.None) is { } stored)
        {
            await blobs.DeleteAsync(Storage.Blobs.BlobKey.Parse(stored.ObjectKey));
            await metadata.DeleteImageAsync(storedImageId, CancellationToken.None);
            deleted = storedImageId;
        }
        // Dropped before the new generation is saved: chunks that came back after a crash would be stored under it.
        await staging.DropAsync(Key, CancellationToken.None);
        // The next capture under this session is a new generation: it gets an image id of its own.
        var before = state.State;
        state.State = new SessionState { Generation = before.Generation + 1 };
        await state.WriteOrDeactivateAsync(this, () =>
        {
            state.State = before;
            // Its staged chunks are dropped already: no timer may store them under the old generation meanwhile.
            Reset();
        });
        Reset();
        if (!IsAutomatic)
        {
            await captures.DeleteAsync(CaptureSessionIds.ImageIdOf(SessionId), CameraId, CancellationToken.None);
        }
        logger.LogInformation("Capture session {SessionId} of camera {CameraId} forgotten for re-processing ({Dropped} staged chunks dropped, image {Deleted})",
            SessionId, CameraId, dropped, deleted ?? "kept");
        return new ReprocessResult(wasProcessed, dropped, deleted, CameraId);
    }

    public async Task Resume()
    {
        // Listed as staged and idle, but nothing staged came back (the chunks expired, or a drop removed them and
        // failed to unlist the session), or the session is over: unlist it, or the sweeper would return to it for good.
        if (_assembler is null || state.State.Completed || state.State.Stale)
        {
            await staging.DropAsync(Key, CancellationToken.None);
        }
    }

    private void Start(DateTimeOffset firstChunkAt)
    {
        if (_assembler is not null)
        {
            return;
        }
        _assembler = new ChunkAssembler(options.MaxImageBytes);
        _firstChunkAt = firstChunkAt;
        var check = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(50).Ticks, options.SessionStaleTimeout.Ticks / 4));
        _staleTimer = this.RegisterGrainTimer(CloseIfStaleAsync, new GrainTimerCreationOptions(check, check));
    }

    /// <summary>What becomes of one chunk. A new one joins the assembler here and is staged with the batch's other new ones.</summary>
    private ChunkReceipt Take(ImageChunk chunk, List<StagedChunk> added)
    {
        if (state.State.Completed)
        {
            return LateChunk(chunk);
        }
        if (state.State.Stale)
        {
            return Rejected(ChunkRejectionReason.SessionClosed);
        }
        if (chunk.Data is not { Length: > 0 })
        {
            return Rejected(ChunkRejectionReason.EmptyData);
        }
        if (chunk.Total > options.MaxChunksPerImage)
        {
            return Rejected(ChunkRejectionReason.TotalTooLarge);
        }
        var outcome = _assembler?.Check(chunk.Index, chunk.Total, chunk.Data)
            ?? new ChunkAssembler(options.MaxImageBytes).Check(chunk.Index, chunk.Total, chunk.Data);
        switch (outcome)
        {
            case ChunkAddOutcome.Added:
                var receivedAt = chunk.ReceivedAt ?? clock.GetUtcNow();
                Start(receivedAt);
                _assembler!.Add(chunk.Index, chunk.Total, chunk.Data);
                added.Add(new StagedChunk(chunk.Index, chunk.Total, chunk.Data, receivedAt, chunk.DeliveryId));
                return new ChunkReceipt(_assembler.IsComplete ? ChunkOutcome.Completed : ChunkOutcome.Staged, SessionId);
            case ChunkAddOutcome.Duplicate:
                IngestMetrics.ChunkDuplicate();
                return new ChunkReceipt(ChunkOutcome.Duplicate, SessionId);
            case ChunkAddOutcome.Conflict:
                return Conflict();
            case ChunkAddOutcome.TotalChanged:
                return Rejected(ChunkRejectionReason.TotalChanged);
            case ChunkAddOutcome.IndexOutOfRange:
                return Rejected(ChunkRejectionReason.IndexOutOfRange);
            default:
                return Rejected(ChunkRejectionReason.ImageTooLarge);
        }
    }

    /// <summary>
    /// Durable first: the new chunks are staged in one write before any receipt goes out. If that fails they are
    /// taken back out of memory and the caller gets the exception, so the broker's redelivery stages them again.
    /// </summary>
    private async Task StageAsync(List<StagedChunk> added, bool wasStarted)
    {
        try
        {
            await staging.StageAsync(Key, added, CancellationToken.None);
            if (!wasStarted && !IsAutomatic)
            {
                // A named image: its progress can now be asked by its image_id alone.
                await captures.UpsertAsync(CaptureRowOf(ImageProgress.Receiving, _assembler!.Received, added[^1].ReceivedAt, null), CancellationToken.None);
            }
        }
        catch
        {
            // The camera is still sending; only the store is not taking its chunks: the session is not stale.
            _lastStagingFailedAt = clock.GetUtcNow();
            if (wasStarted)
            {
                added.ForEach(chunk => _assembler!.Remove(chunk.Index));
            }
            else
            {
                Reset();
            }
            throw;
        }
        foreach (var chunk in added)
        {
            Remember(chunk.Index, chunk.Data, chunk.DeliveryId);
            IngestMetrics.ChunkAccepted();
        }
        _lastChunkAt = clock.GetUtcNow();
        if (_assembler!.IsComplete)
        {
            _completedBy = Activity.Current?.Context ?? default;
            BeginStoring();
        }
    }

    /// <summary>The image is complete: it waits in memory, counted, until it is stored.</summary>
    private void BeginStoring()
    {
        CountAsPending(true);
        ScheduleStore(TimeSpan.Zero);
    }

    /// <summary>Whether this image counts towards the silo's backlog of images waiting for a store (<see cref="PendingImageStores"/>).</summary>
    private void CountAsPending(bool pending)
    {
        if (pending && _pendingBytes == 0 && _assembler is not null)
        {
            _pendingBytes = _assembler.Bytes;
            pendingStores.Add(_pendingBytes);
        }
        else if (!pending && _pendingBytes > 0)
        {
            pendingStores.Remove(_pendingBytes);
            _pendingBytes = 0;
        }
    }

    /// <summary>A named capture's progress row as it stands now (named sessions only).</summary>
    private CaptureRow CaptureRowOf(string status, int received, DateTimeOffset lastChunkAt, string? storedImageId) =>
        new(CaptureSessionIds.ImageIdOf(SessionId), CameraId, SessionId, status, received, _assembler!.Total, _firstChunkAt, lastChunkAt, storedImageId);

    private void Remember(int index, byte[] data, int? deliveryId)
    {
        if (_held.Length != _assembler!.Total)
        {
            Array.Resize(ref _held, _assembler.Total);
        }
        _held[index] = new HeldChunk(ChunkDigest.Of(data), deliveryId);
    }

    private void ScheduleStore(TimeSpan delay)
    {
        _storeTimer?.Dispose();
        _storeTimer = this.RegisterGrainTimer(StoreAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Stores the complete image: blob, row (announced once committed), then the session's own state; retried with backoff until it succeeds.</summary>
    private async Task StoreAsync(CancellationToken cancellationToken)
    {
        var assembler = _assembler!;
        var image = assembler.Assemble();
        var contentType = ContentSniffer.Sniff(image);
        var imageId = ImageIds.ForSession(CameraId, SessionId, state.State.Generation);
        var key = ImageIds.BlobKeyFor(CameraId, imageId, contentType);
        // A timer runs the store outside the call that completed the image: its span continues that call's trace.
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("store image", ActivityKind.Internal, _completedBy);
        activity?.SetTag("image_id", imageId);
        string sha256;
        var before = state.State;
        var writingCompleted = false;
        try
        {
            // The store hashes what it writes: its digest is the row's, so the image is not hashed twice.
            sha256 = (await blobs.PutAsync(key, image, contentType, cancellationToken)).Sha256;
            var record = new ImageRecord(imageId, CameraId, ImageSource.Mqtt, blobs.Container, key.Value, sha256, image.Length, contentType,
                _firstChunkAt, clock.GetUtcNow(), assembler.Total, Meta(), null);
            // A named capture's row turns "stored" in one unit with the image row (one round trip on PostgreSQL).
            DbStatement[] captureRow = IsAutomatic ? [] : [captures.Upsert(CaptureRowOf(ImageProgress.Stored, assembler.Total, _lastChunkAt, imageId))];
            if (await metadata.InsertImageAsync(record, captureRow, cancellationToken))
            {
                // Announced once the row is committed, by the attempt that committed it: a retry of what follows never announces it twice.
                await PublishAssembledAsync(imageId, sha256, image.Length, assembler.Total, contentType, cancellationToken);
                await GrainFactory.GetCamera(CameraId).ImageStored(new StoredImage(image, imageId, contentType, _firstChunkAt));
            }
            state.State = new SessionState
            {
                Completed = true, ImageId = imageId, Total = assembler.Total,
                ChunkDigests = [.. _held.Select(chunk => chunk?.Digest)], ChunkDeliveryIds = [.. _held.Select(chunk => chunk?.DeliveryId)],
                Generation = state.State.Generation, FirstChunkAt = _firstChunkAt, LastChunkAt = _lastChunkAt,
            };
            writingCompleted = true;
            await state.WriteStateAsync(cancellationToken);
            writingCompleted = false;
            await staging.DropAsync(Key, cancellationToken);
        }
        catch (Exception e) when (writingCompleted && (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // Storage holds the completed state or the one before, and which is unknown (a write can commit and still fail):
            // the next activation (the next chunk, or the staging sweeper) reads it, and drops the staged chunks of a completed
            // session or stores the image again under the same id. Until then nothing here may act as if it were completed.
            state.State = before;
            logger.LogWarning("Image {ImageId} of camera {CameraId} is stored, but its session's completion could not be saved ({Error}); the session is reloaded",
                imageId, CameraId, e.Message);
            IngestMetrics.StoreRetried();
            DeactivateOnIdle();
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The chunks stay staged: nothing is lost, the next attempt (or the next activation) stores the same image under the same id.
            logger.LogWarning("Image {ImageId} of camera {CameraId} could not be stored yet ({Error}); retrying in {Delay}", imageId, CameraId, e.Message, _storeRetry);
            var outage = StoreOutages.Recognize(e);
            if (outage is not null)
            {
                pendingStores.StoreFailed(outage.Store);
            }
            // An image refused for no outage (a bug, a store's refusal) is not waiting for a store to come back: it holds no new image back.
            CountAsPending(outage is not null);
            IngestMetrics.StoreRetried();
            ScheduleStore(_storeRetry);
            _storeRetry = TimeSpan.FromTicks(Math.Min(_storeRetry.Ticks * 2, _maxRetry.Ticks));
            return;
        }

        IngestMetrics.ImageStored("mqtt");
        IngestMetrics.AssemblyCompleted(clock.GetUtcNow() - _firstChunkAt);
        logger.LogInformation("Image {ImageId} of camera {CameraId} stored: {Size} bytes, {Chunks} chunks, sha256 {Sha256}", imageId, CameraId, image.Length, assembler.Total, sha256);
        Finish();
    }

    private Task PublishAssembledAsync(string imageId, string sha256, int size, int chunks, string contentType, CancellationToken cancellationToken) =>
        events.PublishAsync(CameraId, CameraEventTypes.ImageAssembled, w =>
        {
            w.WriteString("source", "mqtt");
            w.WriteString("image_id", imageId);
            w.WriteString("session_id", SessionId);
            w.WriteString("sha256", sha256);
            w.WriteNumber("size", size);
            w.WriteNumber("chunks", chunks);
            w.WriteString("content_type", contentType);
        }, cancellationToken);

    /// <summary>
    /// Whether the staging store answers. While it does not, the camera's next chunks wait upstream (a bridge leader that
    /// loses Redis steps down and the broker keeps them), so the silence is the store's, not the camera's: the session
    /// stays open, and gets a whole timeout once the store is back.
    /// </summary>
    private async Task<bool> StagingReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await staging.CheckHealthAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _lastStagingFailedAt = clock.GetUtcNow();
            logger.LogInformation("Capture session {SessionId} of camera {CameraId} kept open: the chunk staging store is not reachable ({Error})",
                SessionId, CameraId, e.Message);
            return false;
        }
    }

    private async Task CloseIfStaleAsync(CancellationToken cancellationToken)
    {
        var lastHeardOf = Later(Later(_lastStagingFailedAt, _lastChunkAt), _resumedAt);
        if (Storing || state.State.Completed || state.State.Stale || _assembler is null || clock.GetUtcNow() - lastHeardOf < options.SessionStaleTimeout)
        {
            return;
        }
        if (!await StagingReachableAsync(cancellationToken))
        {
            return;
        }
        var assembler = _assembler;
        var before = state.State;
        try
        {
            DbStatement[] captureRow = IsAutomatic ? [] : [captures.Upsert(CaptureRowOf(ImageProgress.StaleStatus, assembler.Received, _lastChunkAt, null))];
            await metadata.RecordStaleSessionAsync(new StaleSessionRecord(CameraId, SessionId, assembler.Received, assembler.Total, assembler.Bytes,
                _firstChunkAt, clock.GetUtcNow()), captureRow, cancellationToken);
            state.State = new SessionState
            {
                Stale = true, Total = assembler.Total, Generation = state.State.Generation, FirstChunkAt = _firstChunkAt, LastChunkAt = _lastChunkAt,
                Missing = [.. assembler.Missing()],
            };
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Still open as far as storage knows: the next check closes it, and until then it takes chunks.
            state.State = before;
            logger.LogWarning("Closing stale session {SessionId} of camera {CameraId} failed ({Error}); trying again on the next check", SessionId, CameraId, e.Message);
            return;
        }
        try
        {
            await staging.DropAsync(Key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The session is closed for good: the next activation, or the staging sweeper, drops what stays staged.
            logger.LogWarning("The staged chunks of stale session {SessionId} of camera {CameraId} were not dropped yet ({Error})", SessionId, CameraId, e.Message);
        }
        IngestMetrics.SessionStale();
        logger.LogWarning("Capture session {SessionId} of camera {CameraId} went stale with {Received} of {Total} chunks", SessionId, CameraId, assembler.Received, assembler.Total);
        await events.PublishAsync(CameraId, CameraEventTypes.ImageStale, w =>
        {
            w.WriteString("source", "mqtt");
            w.WriteString("reason", "stale");
            w.WriteString("session_id", SessionId);
            w.WriteNumber("chunks_received", assembler.Received);
            w.WriteNumber("chunks_total", assembler.Total);
        }, cancellationToken);
        if (IsAutomatic)
        {
            // One-way: the camera may be calling us right now; waiting for it here would deadlock.
            await GrainFactory.GetCamera(CameraId).SessionClosed(SessionId);
        }
        Finish();
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private ChunkReceipt LateChunk(ImageChunk chunk)
    {
        var digests = state.State.ChunkDigests;
        if (chunk.Index >= 0 && chunk.Index < digests.Length && chunk.Data is { Length: > 0 } && digests[chunk.Index] == ChunkDigest.Of(chunk.Data))
        {
            IngestMetrics.ChunkDuplicate();
            return new ChunkReceipt(ChunkOutcome.Duplicate, SessionId);
        }
        return Conflict();
    }

    /// <summary>Without an image_id, other data at a held index means the camera has moved on to its next image.</summary>
    private ChunkReceipt Conflict() =>
        IsAutomatic ? new ChunkReceipt(ChunkOutcome.Bounced, SessionId) : Rejected(ChunkRejectionReason.ConflictingData);

    /// <summary>Recorded as a dead letter once the batch's new chunks are staged.</summary>
    private ChunkReceipt Rejected(string reason) => ChunkReceipt.Rejected(reason) with { SessionId = SessionId };

    private void Finish()
    {
        Reset();
        DeactivateOnIdle();
    }

    private void Reset()
    {
        CountAsPending(false);
        _assembler?.Release();
        _assembler = null;
        _held = [];
        _staleTimer?.Dispose();
        _staleTimer = null;
        _storeTimer?.Dispose();
        _storeTimer = null;
        _storeRetry = _firstRetry;
    }

    private JsonElement Meta()
    {
        var meta = IsAutomatic
            ? new Dictionary<string, string> { ["session_id"] = SessionId }
            : new Dictionary<string, string> { ["session_id"] = SessionId, ["mqtt_image_id"] = CaptureSessionIds.ImageIdOf(SessionId) };
        return JsonSerializer.SerializeToElement(meta);
    }
}
