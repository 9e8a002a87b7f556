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
    private long? _savedSessionSequence;

    public async Task<ChunkReceipt[]> ReceiveChunks(ImageChunk[] chunks)
    {
        if (chunks.Length > ChunkHandOffLimits.MaxChunks)
        {
            throw new ArgumentException($"A hand-off holds at most {ChunkHandOffLimits.MaxChunks} chunks, not {chunks.Length}.", nameof(chunks));
        }
        var receipts = await ScreenAsync(chunks);
        for (var i = 0; i < chunks.Length; i++)
        {
            if (receipts[i] is not null)
            {
                continue;
            }
            if (chunks[i].ImageId is { } imageId)
            {
                i = await RouteNamedAsync(chunks, receipts, i, imageId);
            }
            else
            {
                receipts[i] = await RouteAutomaticAsync(chunks[i]);
            }
        }
        await RecordRejectionsAsync(chunks, receipts);
        return [.. receipts.Select(receipt => receipt!)];
    }

    /// <summary>A receipt for each chunk refused before routing (malformed, or from an unknown camera); null for the others.</summary>
    private async Task<ChunkReceipt?[]> ScreenAsync(ImageChunk[] chunks)
    {
        var receipts = new ChunkReceipt?[chunks.Length];
        for (var i = 0; i < chunks.Length; i++)
        {
            IngestMetrics.ChunkReceived();
            if (Problem(chunks[i]) is { } reason)
            {
                receipts[i] = ChunkReceipt.Rejected(reason);
            }
        }
        if (receipts.Any(receipt => receipt is null) && await TryEnsureRegisteredAsync(CameraSourceType.Mqtt) is null)
        {
            for (var i = 0; i < chunks.Length; i++)
            {
                receipts[i] ??= ChunkReceipt.Rejected(ChunkRejectionReason.UnknownCamera);
            }
        }
        return receipts;
    }

    /// <summary>
    /// The chunks of one named image that follow each other, from <paramref name="first"/> on, go to its session together:
    /// one staging write for all. Returns the index of the last chunk answered.
    /// </summary>
    private async Task<int> RouteNamedAsync(ImageChunk[] chunks, ChunkReceipt?[] receipts, int first, string imageId)
    {
        var run = Enumerable.Range(first, chunks.Length - first).TakeWhile(i => receipts[i] is null && chunks[i].ImageId == imageId).ToArray();
        var sessionId = CaptureSessionIds.Explicit(imageId);
        // Returns once the chunks are durably staged by the session; only then are the broker's messages acknowledged.
        var answers = await GrainFactory.GetCaptureSession(CameraId, sessionId).AddChunks([.. run.Select(i => chunks[i])]);
        for (var k = 0; k < answers.Length; k++)
        {
            receipts[run[k]] = answers[k] with { SessionId = sessionId };
        }
        return run[answers.Length - 1];
    }

    /// <summary>Rejections decided here become dead letters once the rest is staged (a session records its own).</summary>
    private async Task RecordRejectionsAsync(ImageChunk[] chunks, ChunkReceipt?[] receipts)
    {
        for (var i = 0; i < chunks.Length; i++)
        {
            if (receipts[i] is { Outcome: ChunkOutcome.Rejected, SessionId: null, Reason: { } reason })
            {
                await deadLetters.RecordChunkAsync(chunks[i], reason, $"chunk {chunks[i].Index}/{chunks[i].Total} of camera {chunks[i].CameraId}");
            }
        }
    }

    public Task SessionClosed(string sessionId) => CloseIfCurrentAsync(sessionId);

    internal static string AutoSessionId(long sequence) => CaptureSessionIds.Automatic(sequence);

    /// <summary>A chunk without an image_id, one at a time: which session it belongs to depends on the answers to the chunks before it.</summary>
    private async Task<ChunkReceipt> RouteAutomaticAsync(ImageChunk chunk)
    {
        if (_tracker!.NeedsRecall)
        {
            await RecallSessionsAsync();
        }
        for (var bounces = 0; ; bounces++)
        {
            var digest = ChunkDigest.Of(chunk.Data);
            var sequence = _tracker!.Route(chunk.Index, chunk.Total, digest, chunk.Redelivered, chunk.DeliveryId, chunk.LeaderTerm).Sequence;
            var sessionId = AutoSessionId(sequence);
            // Returns once the chunk is durably staged by the session; only then is the broker's message acknowledged.
            var receipt = (await GrainFactory.GetCaptureSession(CameraId, sessionId).AddChunks([chunk]))[0];
            if (receipt.Outcome == ChunkOutcome.Bounced)
            {
                // Other data at an index the session holds: the camera has moved on to its next image.
                _tracker.Refused(sequence, chunk.Index, digest);
                await CloseIfCurrentAsync(sessionId);
                if (bounces < MaxBounces)
                {
                    continue;
                }
                return ChunkReceipt.Rejected(ChunkRejectionReason.ConflictingData);
            }
            if (receipt is { Outcome: ChunkOutcome.Rejected, Reason: ChunkRejectionReason.SessionClosed })
            {
                if (sequence == _tracker.CurrentSequence && bounces < MaxBounces)
                {
                    // The session went stale before this camera heard of it (its notice may be queued behind this call, or
                    // lost with a silo): the chunk starts the next image.
                    _tracker.Refused(sequence, chunk.Index, digest);
                    await CloseIfCurrentAsync(sessionId);
                    continue;
                }
                await deadLetters.RecordChunkAsync(chunk, ChunkRejectionReason.SessionClosed, $"chunk {chunk.Index}/{chunk.Total} of session {sessionId} (camera {CameraId})");
                return receipt with { SessionId = sessionId };
            }
            if (receipt.Outcome == ChunkOutcome.Rejected)
            {
                // Refused for good (a total that contradicts the session's, say): the session does not hold it, so its
                // index stays free for the image's own chunk, which must not start another session.
                _tracker.Refused(sequence, chunk.Index, digest);
            }
            // Persisted after the chunk is staged: a crash in between sends its redelivery to the same session,
            // which recognises it (duplicate) or bounces it; persisting first could split an image across two sessions.
            await PersistSessionSequenceAsync();
            return receipt with { SessionId = sessionId };
        }
    }

    /// <summary>
    /// What an earlier activation routed: a redelivery after a silo died may repeat chunks of sessions it completed, which
    /// must go back to them, not into the current one. The last few sessions, then further back, in rounds, until they hold
    /// the chunks of a whole hand-off (images of one or two chunks each).
    /// </summary>
    private async Task RecallSessionsAsync()
    {
        var recalled = new List<(long Sequence, HeldChunk?[] Held)>();
        var newest = _tracker!.CurrentSequence;
        for (var count = ImplicitSessionTracker.RecentSessions + 1L; newest >= 0 && !CoversAHandOff(recalled); count *= 2)
        {
            var sequences = Enumerable.Range(0, (int)Math.Min(count, newest + 1)).Select(offset => newest - offset).ToArray();
            // The sessions load their state from storage: asked together, not one after another.
            var held = await Task.WhenAll(sequences.Select(sequence => GrainFactory.GetCaptureSession(CameraId, AutoSessionId(sequence)).GetHeldChunks()));
            recalled.AddRange(sequences.Zip(held));
            newest -= count;
        }
        _tracker.Recall([.. recalled.Skip(1).Reverse()], recalled[0].Held);
    }

    private static bool CoversAHandOff(List<(long Sequence, HeldChunk?[] Held)> recalled) =>
        recalled.Count >= ImplicitSessionTracker.RememberedDeliveries
        || recalled.Sum(session => session.Held.Count(chunk => chunk is not null)) >= ImplicitSessionTracker.RememberedDeliveries;

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
        // Compared with what was last saved, not with the state in memory: after a failed write the state already
        // holds the new value (so other writes carry it), and the next call must still write it.
        _savedSessionSequence ??= state.State.SessionSequence;
        if (_savedSessionSequence != _tracker!.CurrentSequence)
        {
            state.State.SessionSequence = _tracker.CurrentSequence;
            await state.WriteStateAsync();
            _savedSessionSequence = _tracker.CurrentSequence;
            await PruneSessionStatesAsync(_tracker.CurrentSequence);
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
}
