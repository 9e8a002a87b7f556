using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Sessions;
using IngestionCluster.Grains.Telemetry;

namespace IngestionCluster.Grains.Cameras;

/// <summary>MQTT chunks: checked here, then routed to the capture session they belong to, which stages them durably.</summary>
public sealed partial class CameraGrain
{
    /// <summary>A chunk bounced this often is conflicting data, not the start of a new image.</summary>
    private const int MaxBounces = 2;
    private ImplicitSessionTracker? _tracker;

    public async Task<ChunkReceipt> ReceiveChunk(ImageChunk chunk)
    {
        IngestMetrics.ChunkReceived();
        if (Problem(chunk) is { } reason)
        {
            return await RejectAsync(chunk, reason);
        }
        if (await TryEnsureRegisteredAsync(CameraSourceType.Mqtt) is null)
        {
            return await RejectAsync(chunk, ChunkRejectionReason.UnknownCamera);
        }
        return await RouteAsync(chunk);
    }

    public Task SessionClosed(string sessionId) => CloseIfCurrentAsync(sessionId);

    internal static string AutoSessionId(long sequence) => CaptureSessionIds.Automatic(sequence);

    private async Task<ChunkReceipt> RouteAsync(ImageChunk chunk)
    {
        for (var bounces = 0; ; bounces++)
        {
            var sessionId = chunk.ImageId is { } imageId
                ? CaptureSessionIds.Explicit(imageId)
                : AutoSessionId(_tracker!.Route(chunk.Index, chunk.Total, ChunkDigest.Of(chunk.Data)).Sequence);
            // Returns once the chunk is durably staged by the session; only then is the broker's message acknowledged.
            var receipt = await GrainFactory.GetCaptureSession(CameraId, sessionId).AddChunk(chunk);
            if (receipt.Outcome == ChunkOutcome.Bounced)
            {
                // Other data at an index the session holds: the camera has moved on to its next image.
                await CloseIfCurrentAsync(sessionId);
                if (bounces < MaxBounces)
                {
                    continue;
                }
                return await RejectAsync(chunk, ChunkRejectionReason.ConflictingData);
            }
            // Persisted after the chunk is staged: a crash in between sends its redelivery to the same session,
            // which recognises it (duplicate) or bounces it; persisting first could split an image across two sessions.
            await PersistSessionSequenceAsync();
            return receipt with { SessionId = sessionId };
        }
    }

    private async Task CloseIfCurrentAsync(string sessionId)
    {
        if (sessionId == AutoSessionId(_tracker!.CurrentSequence))
        {
            _tracker.Rotate();
            await PersistSessionSequenceAsync();
        }
    }

    private async Task PersistSessionSequenceAsync()
    {
        if (state.State.SessionSequence != _tracker!.CurrentSequence)
        {
            state.State.SessionSequence = _tracker.CurrentSequence;
            await state.WriteStateAsync();
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

    private async Task<ChunkReceipt> RejectAsync(ImageChunk chunk, string reason)
    {
        await deadLetters.RecordChunkAsync(chunk, reason, $"chunk {chunk.Index}/{chunk.Total} of camera {chunk.CameraId}");
        return ChunkReceipt.Rejected(reason);
    }
}
