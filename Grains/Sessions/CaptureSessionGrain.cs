using System.Security.Cryptography;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Cameras;
using IngestionCluster.Grains.Events;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Images;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Telemetry;
using IngestionCluster.Runtime;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Content;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Sessions;

/// <summary>
/// Assembles one MQTT capture without locks (one turn at a time). Every accepted chunk's message stays
/// unacknowledged until the image is in the blob store and its row is committed; then all are
/// acknowledged together. A crash before that redelivers the chunks, which rebuild the same image under
/// the same id, so it is never stored twice. Duplicates are ignored, inconsistent chunks rejected,
/// and a session without a new chunk for the stale timeout is closed and recorded.
/// </summary>
public sealed class CaptureSessionGrain(
    [PersistentState("session")] IPersistentState<SessionState> state,
    IBlobStore blobs,
    MetadataStore metadata,
    CameraEventPublisher events,
    IngestOptions options,
    TimeProvider clock,
    ILogger<CaptureSessionGrain> logger) : Grain, ICaptureSessionGrain
{
    private readonly List<IDeferredAcknowledgement> _acks = [];
    private ChunkAssembler? _assembler;
    private string?[] _digests = [];
    private IGrainTimer? _staleTimer;
    private DateTimeOffset _firstChunkAt;
    private long _lastChunkTimestamp;

    private string CameraId => GetPrimaryKeyString()[..GetPrimaryKeyString().IndexOf('/', StringComparison.Ordinal)];

    private string SessionId => GetPrimaryKeyString()[(GetPrimaryKeyString().IndexOf('/', StringComparison.Ordinal) + 1)..];

    private bool IsAutomatic => !SessionId.StartsWith("img.", StringComparison.Ordinal);

    public async Task AddChunk(ImageChunk chunk)
    {
        var ack = DeferAcknowledgement();
        if (state.State.Completed)
        {
            await LateChunkAsync(chunk, ack).ConfigureAwait(false);
            return;
        }
        if (state.State.Stale)
        {
            Reject(chunk, ChunkRejectionReason.SessionClosed, ack);
            return;
        }
        var data = chunk.Data;
        if (data is not { Length: > 0 })
        {
            Reject(chunk, ChunkRejectionReason.EmptyData, ack);
            return;
        }
        if (chunk.Total > options.MaxChunksPerImage)
        {
            Reject(chunk, ChunkRejectionReason.TotalTooLarge, ack);
            return;
        }
        if (_assembler is null)
        {
            _assembler = new ChunkAssembler(options.MaxImageBytes);
            _firstChunkAt = chunk.ReceivedAt ?? clock.GetUtcNow();
            var check = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(50).Ticks, options.SessionStaleTimeout.Ticks / 4));
            _staleTimer = RegisterGrainTimer(CloseIfStaleAsync, new GrainTimerCreationOptions(check, check));
        }
        switch (_assembler.Add(chunk.Index, chunk.Total, data))
        {
            case ChunkAddOutcome.Added:
                if (_digests.Length != _assembler.Total)
                {
                    _digests = new string?[_assembler.Total];
                }
                _digests[chunk.Index] = ChunkDigest.Of(chunk.Data);
                _acks.Add(ack);
                _lastChunkTimestamp = clock.GetTimestamp();
                IngestMetrics.ChunkAccepted();
                if (_assembler.IsComplete)
                {
                    await CompleteAsync().ConfigureAwait(false);
                }
                break;
            case ChunkAddOutcome.Duplicate:
                IngestMetrics.ChunkDuplicate();
                ack.Complete();
                break;
            case ChunkAddOutcome.Conflict:
                await ConflictAsync(chunk, ack).ConfigureAwait(false);
                break;
            case ChunkAddOutcome.TotalChanged:
                Reject(chunk, ChunkRejectionReason.TotalChanged, ack);
                break;
            case ChunkAddOutcome.IndexOutOfRange:
                Reject(chunk, ChunkRejectionReason.IndexOutOfRange, ack);
                break;
            default:
                Reject(chunk, ChunkRejectionReason.ImageTooLarge, ack);
                break;
        }
    }

    public Task<SessionStatus> GetStatus() => Task.FromResult(new SessionStatus(
        CameraId, SessionId, _assembler?.Total ?? state.State.Total, _assembler?.Received ?? (state.State.Completed ? state.State.Total : 0),
        state.State.Completed, state.State.Stale, state.State.ImageId));

    private async Task CompleteAsync()
    {
        var assembler = _assembler!;
        var image = assembler.Assemble();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(image));
        var contentType = ContentSniffer.Sniff(image);
        var imageId = ImageIds.ForSession(CameraId, SessionId);
        var key = ImageIds.BlobKeyFor(CameraId, imageId, contentType);
        try
        {
            await DurableRetry.RunAsync($"Storing image {imageId} of camera {CameraId}",
                () => blobs.PutAsync(key, image, contentType), options.StoreGiveUpAfter, clock, logger).ConfigureAwait(false);
            var record = new ImageRecord(imageId, CameraId, ImageSource.Mqtt, blobs.Container, key.Value, sha256, image.Length, contentType,
                _firstChunkAt, clock.GetUtcNow(), assembler.Total, Meta(), null);
            await DurableRetry.RunAsync($"Committing image {imageId} of camera {CameraId}",
                () => metadata.InsertImageAsync(record, CancellationToken.None), options.StoreGiveUpAfter, clock, logger).ConfigureAwait(false);
            state.State = new SessionState { Completed = true, ImageId = imageId, Total = assembler.Total, ChunkDigests = _digests };
            await state.WriteStateAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Not durable: every chunk goes back to the broker and comes again (to the dead-letter queue after the delivery limit).
            logger.LogError(e, "Image {ImageId} of camera {CameraId} could not be made durable; returning its {Chunks} chunks to the broker", imageId, CameraId, _acks.Count);
            foreach (var ack in _acks)
            {
                ack.Abandon();
            }
            _acks.Clear();
            Finish();
            return;
        }

        foreach (var ack in _acks)
        {
            ack.Complete();
        }
        _acks.Clear();
        IngestMetrics.ImageStored("mqtt");
        IngestMetrics.AssemblyCompleted(clock.GetUtcNow() - _firstChunkAt);
        logger.LogInformation("Image {ImageId} of camera {CameraId} stored: {Size} bytes, {Chunks} chunks, sha256 {Sha256}", imageId, CameraId, image.Length, assembler.Total, sha256);
        await events.PublishAsync(CameraId, CameraEventTypes.ImageAssembled, w =>
        {
            w.WriteString("image_id", imageId);
            w.WriteString("session_id", SessionId);
            w.WriteString("sha256", sha256);
            w.WriteNumber("size", image.Length);
            w.WriteNumber("chunks", assembler.Total);
            w.WriteString("content_type", contentType);
        }).ConfigureAwait(false);
        Finish();
    }

    private async Task CloseIfStaleAsync(CancellationToken cancellationToken)
    {
        if (state.State.Completed || state.State.Stale || _assembler is null || clock.GetElapsedTime(_lastChunkTimestamp) < options.SessionStaleTimeout)
        {
            return;
        }
        var assembler = _assembler;
        await DurableRetry.RunAsync($"Recording stale session {SessionId} of camera {CameraId}", async () =>
        {
            await metadata.RecordStaleSessionAsync(new StaleSessionRecord(CameraId, SessionId, assembler.Received, assembler.Total, assembler.Bytes,
                _firstChunkAt, clock.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
            return true;
        }, options.StoreGiveUpAfter, clock, logger).ConfigureAwait(false);
        state.State = new SessionState { Stale = true, Total = assembler.Total };
        await state.WriteStateAsync(cancellationToken).ConfigureAwait(false);
        foreach (var ack in _acks)
        {
            ack.Complete();
        }
        _acks.Clear();
        IngestMetrics.SessionStale();
        logger.LogWarning("Capture session {SessionId} of camera {CameraId} went stale with {Received} of {Total} chunks", SessionId, CameraId, assembler.Received, assembler.Total);
        await events.PublishAsync(CameraId, CameraEventTypes.ImageStale, w =>
        {
            w.WriteString("session_id", SessionId);
            w.WriteNumber("chunks_received", assembler.Received);
            w.WriteNumber("chunks_total", assembler.Total);
        }, cancellationToken).ConfigureAwait(false);
        if (IsAutomatic)
        {
            await GrainFactory.GetGrain<ICameraGrain>(CameraId).SessionClosed(SessionId).ConfigureAwait(false);
        }
        Finish();
    }

    private async Task LateChunkAsync(ImageChunk chunk, IDeferredAcknowledgement ack)
    {
        var digests = state.State.ChunkDigests;
        if (chunk.Index >= 0 && chunk.Index < digests.Length && digests[chunk.Index] == ChunkDigest.Of(chunk.Data))
        {
            IngestMetrics.ChunkDuplicate();
            ack.Complete();
            return;
        }
        await ConflictAsync(chunk, ack).ConfigureAwait(false);
    }

    private async Task ConflictAsync(ImageChunk chunk, IDeferredAcknowledgement ack)
    {
        if (!IsAutomatic)
        {
            Reject(chunk, ChunkRejectionReason.ConflictingData, ack);
            return;
        }
        // Without an image_id, other data at a held index means the camera has moved on to its next image.
        await GrainFactory.GetGrain<ICameraGrain>(CameraId).ChunkBounced(SessionId, chunk).ConfigureAwait(false);
        ack.Complete();
    }

    private void Reject(ImageChunk chunk, string reason, IDeferredAcknowledgement ack)
    {
        IngestMetrics.ChunkRejected(reason);
        logger.LogWarning("Chunk {Index}/{Total} of session {SessionId} (camera {CameraId}) rejected: {Reason}", chunk.Index, chunk.Total, SessionId, CameraId, reason);
        ack.Complete();
    }

    private void Finish()
    {
        _assembler?.Release();
        _assembler = null;
        _staleTimer?.Dispose();
        _staleTimer = null;
        DeactivateOnIdle();
    }

    private JsonElement Meta()
    {
        using var document = JsonDocument.Parse(IsAutomatic
            ? JsonSerializer.Serialize(new Dictionary<string, string> { ["session_id"] = SessionId })
            : JsonSerializer.Serialize(new Dictionary<string, string> { ["session_id"] = SessionId, ["mqtt_image_id"] = SessionId[4..] }));
        return document.RootElement.Clone();
    }

}
