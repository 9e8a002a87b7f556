using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Grains.Catalog;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Ldos;

/// <summary>One labelled data object. Its video is already in the blob store; the grain keeps the object and its list row.</summary>
[GrainType("ldo")]
public sealed class LdoGrain(
    [PersistentState("ldo", GrainStorage.Name)] IPersistentState<LdoState> state,
    CatalogStore catalog,
    IBlobStore blobs,
    TimeProvider clock,
    ILogger<LdoGrain> logger) : Grain, ILdoGrain
{
    private bool _deletedHere;

    private string LdoId => GrainKeys.IdOf(this.GetPrimaryKeyString(), GrainKeys.LdoPrefix);

    /// <summary>
    /// The LDO is written, then its list row: the list never shows an LDO that was not recorded. When the row's write
    /// failed (or the silo went between the two), the activation went, and this one writes the row from the state.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Ldo is not { } ldo)
        {
            return;
        }
        if (state.State.Deleting)
        {
            try
            {
                await FinishDeletionAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("LDO {LdoId}: its deletion could not be finished yet: {Error}", LdoId, e.Message);
            }
            return;
        }
        try
        {
            await catalog.UpsertLdoAsync(Summary(ldo), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The LDO answers without its list row; the next activation tries again.
            logger.LogWarning("LDO {LdoId}: the LDO list could not be brought up to date: {Error}", LdoId, e.Message);
        }
    }

    public async Task<LdoInfo> Ingest(LdoSubmission submission)
    {
        IdRules.ValidateClientId(LdoId, "LDO id");
        if (submission.Video is { } video)
        {
            BlobKey.Parse(video.ObjectKey);
        }
        if (state.State.Deleting)
        {
            // A deletion cut off part-way: finished first (this submission's video, already in the folder, is kept), then the
            // id is free for this LDO.
            await FinishDeletionAsync(CancellationToken.None, keep: submission.Video?.ObjectKey);
        }
        if (state.State.Ldo is { } recorded)
        {
            // Another attempt of the same request (same Idempotency-Key) recorded it: its answer, not a taken id. Without a
            // key, the same LDO sent again (the LDO seed's edge server names it, and resends what it got no answer for)
            // is answered as the first, too.
            var resent = submission.AttemptKey is { } attempt ? attempt == state.State.AttemptKey : LdoResend.IsSame(recorded, submission);
            return resent ? recorded : throw new ResourceConflictException($"LDO '{LdoId}' exists already with other content.");
        }
        if (_deletedHere && submission.Video is { } sent && !await blobs.ExistsAsync(BlobKey.Parse(sent.ObjectKey)))
        {
            // Written before an LDO of this id was deleted, and deleted with its folder: this attempt must be sent again.
            throw new ResourceConflictException($"LDO '{LdoId}' was being deleted while this one was sent; send it again.");
        }
        var ldo = new LdoInfo(LdoId, LdoStatus.Ingested, clock.GetUtcNow(), submission.Video?.SizeBytes ?? 0,
            submission.SensorData, submission.Context, submission.Prediction, submission.Video, submission.Metadata);
        state.State.Ldo = ldo;
        state.State.AttemptKey = submission.AttemptKey;
        // Should it fail, this attempt's LDO is not recorded, or not known to be: this activation must not answer as if
        // it were (the gateway asks before it deletes the video), and the next one reads what storage holds (another
        // activation's LDO, say).
        await state.WriteOrDeactivateAsync(this, () =>
        {
            state.State.Ldo = null;
            state.State.AttemptKey = null;
        });
        try
        {
            await catalog.UpsertLdoAsync(Summary(ldo), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Recorded: the client is told so, or a retry without a key would record it again under a new id. The list
            // row follows with the next activation.
            logger.LogWarning("LDO {LdoId}: recorded, but the LDO list could not be written: {Error}", LdoId, e.Message);
            DeactivateOnIdle();
        }
        logger.LogInformation("LDO {LdoId} ingested ({SizeBytes} bytes of video)", LdoId, ldo.SizeBytes);
        return ldo;
    }

    public Task<LdoInfo?> GetInfo() => Task.FromResult(state.State.Deleting ? null : state.State.Ldo);

    public Task<LdoInfo?> GetRecordedBy(string attemptKey) =>
        Task.FromResult(state.State.AttemptKey == attemptKey && !state.State.Deleting ? state.State.Ldo : null);

    public async Task Delete()
    {
        if (state.State.Ldo is null)
        {
            throw new ResourceNotFoundException($"LDO '{LdoId}' does not exist.");
        }
        if (!state.State.Deleting)
        {
            // Saved first: should the silo go before the end, the next activation finishes, and no reader sees a half-deleted LDO.
            state.State.Deleting = true;
            state.State.DeletionStartedAt = clock.GetUtcNow();
            await state.WriteOrDeactivateAsync(this, () =>
            {
                state.State.Deleting = false;
                state.State.DeletionStartedAt = null;
            });
        }
        await FinishDeletionAsync(CancellationToken.None);
        logger.LogInformation("LDO {LdoId} deleted", LdoId);
    }

    /// <summary>
    /// The video, and whatever else is under the LDO's folder from before the deletion began (leftovers of attempts
    /// that died); then the list row; then the object. A blob written since (a new LDO of this id on its way) stays.
    /// </summary>
    /// <param name="cancellationToken">Cancels the deletion (activation).</param>
    /// <param name="keep">A blob of the folder that belongs to the LDO being recorded now, whatever its time says.</param>
    private async Task FinishDeletionAsync(CancellationToken cancellationToken, string? keep = null)
    {
        var folder = BlobKey.From(LdoVideo.BlobFolder, LdoId);
        if (state.State.Ldo?.Video is { } video)
        {
            await blobs.DeleteAsync(BlobKey.Parse(video.ObjectKey), cancellationToken);
        }
        var startedAt = state.State.DeletionStartedAt ?? clock.GetUtcNow();
        foreach (var leftover in await blobs.ListAsync(folder, cancellationToken))
        {
            if (leftover.LastModified < startedAt && leftover.Key.Value != keep)
            {
                await blobs.DeleteAsync(leftover.Key, cancellationToken);
            }
        }
        await catalog.DeleteLdoAsync(LdoId, cancellationToken);
        await state.ClearStateAsync(cancellationToken);
        state.State = new LdoState();
        _deletedHere = true;
    }

    private static LdoSummary Summary(LdoInfo ldo) => new(ldo.Id, ldo.Status, ldo.Video?.Filename, ldo.CreatedAt, ldo.SizeBytes);
}
