using System.Globalization;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Sessions;
using IngestionCluster.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Cameras;

/// <summary>MQTT chunks: checked here, then routed to the capture session they belong to.</summary>
public sealed partial class CameraGrain
{
    private ImplicitSessionTracker? _tracker;

    public async Task ReceiveChunk(ImageChunk chunk)
    {
        IngestMetrics.ChunkReceived();
        if (Problem(chunk) is { } reason)
        {
            RejectChunk(chunk, reason);
            return;
        }
        await EnsureRegisteredAsync(CameraSourceType.Mqtt).ConfigureAwait(false);
        await RouteAsync(chunk).ConfigureAwait(false);
    }

    public async Task ChunkBounced(string sessionId, ImageChunk chunk)
    {
        // A session saw this chunk conflict with its own data: it belongs to a later capture.
        await CloseIfCurrentAsync(sessionId).ConfigureAwait(false);
        await RouteAsync(chunk).ConfigureAwait(false);
    }

    public Task SessionClosed(string sessionId) => CloseIfCurrentAsync(sessionId);

    internal static string AutoSessionId(long sequence) => "s" + sequence.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>Explicit sessions (chunks that carry an image_id) have ids that can never look like automatic ones.</summary>
    internal static string ExplicitSessionId(string imageId) => "img." + imageId;

    private async Task RouteAsync(ImageChunk chunk)
    {
        var sessionId = chunk.ImageId is { } imageId
            ? ExplicitSessionId(imageId)
            : AutoSessionId(_tracker!.Route(chunk.Index, chunk.Total, ChunkDigest.Of(chunk.Data)).Sequence);
        // Completes once the chunk is durably queued for the session; only then is this message acknowledged.
        await GrainFactory.GetGrain<ICaptureSessionGrain>($"{CameraId}/{sessionId}").AddChunk(chunk).ConfigureAwait(false);
        // Persisted after the forward: a crash in between sends this chunk's redelivery to the previous session,
        // which recognises it (duplicate) or bounces it back; persisting first could split an image across two sessions.
        await PersistSessionSequenceAsync().ConfigureAwait(false);
    }

    private async Task CloseIfCurrentAsync(string sessionId)
    {
        if (sessionId == AutoSessionId(_tracker!.CurrentSequence))
        {
            _tracker.Rotate();
            await PersistSessionSequenceAsync().ConfigureAwait(false);
        }
    }

    private async Task PersistSessionSequenceAsync()
    {
        if (state.State.SessionSequence != _tracker!.CurrentSequence)
        {
            state.State.SessionSequence = _tracker.CurrentSequence;
            await state.WriteStateAsync().ConfigureAwait(false);
        }
    }

    private string? Problem(ImageChunk chunk)
    {
        if (chunk.CameraId != CameraId || !IdRules.IsValidCameraId(chunk.CameraId))
        {
            return ChunkRejectionReason.InvalidCameraId;
        }
        if (chunk.Total < 1)
        {
            return ChunkRejectionReason.TotalInvalid;
        }
        if (chunk.Total > options.MaxChunksPerImage)
        {
            return ChunkRejectionReason.TotalTooLarge;
        }
        if (chunk.Index < 0 || chunk.Index >= chunk.Total)
        {
            return ChunkRejectionReason.IndexOutOfRange;
        }
        if (chunk.ImageId is { } imageId && IdRules.Explain(imageId, IdRules.MaxClientIdLength) is not null)
        {
            return ChunkRejectionReason.InvalidImageId;
        }
        if (chunk.Data is not { Length: > 0 })
        {
            return ChunkRejectionReason.EmptyData;
        }
        if (chunk.Data.Length > options.MaxImageBytes)
        {
            return ChunkRejectionReason.ImageTooLarge;
        }
        return null;
    }

    private void RejectChunk(ImageChunk chunk, string reason)
    {
        IngestMetrics.ChunkRejected(reason);
        logger.LogWarning("Chunk {Index}/{Total} of camera {CameraId} rejected: {Reason}", chunk.Index, chunk.Total, CameraId, reason);
    }

}
