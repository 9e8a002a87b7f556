using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Grains.Catalog;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace IngestionCluster.Grains.Ldos;

/// <summary>One labelled data object. Its video is already in the blob store; the grain keeps the object and its list row.</summary>
[GrainType("ldo")]
public sealed class LdoGrain(
    [PersistentState("ldo", GrainStorage.Name)] IPersistentState<LdoState> state,
    CatalogStore catalog,
    TimeProvider clock,
    ILogger<LdoGrain> logger) : Grain, ILdoGrain
{
    private string LdoId => GrainKeys.IdOf(this.GetPrimaryKeyString(), GrainKeys.LdoPrefix);

    public async Task<LdoInfo> Ingest(LdoSubmission submission)
    {
        IdRules.ValidateClientId(LdoId, "LDO id");
        if (submission.Video is { } video)
        {
            BlobKey.Parse(video.ObjectKey);
        }
        if (state.State.Ldo is { } recorded)
        {
            // Another attempt of the same request (same Idempotency-Key) recorded it: its answer, not a taken id.
            return submission.AttemptKey is { } attempt && attempt == state.State.AttemptKey
                ? recorded
                : throw new ResourceConflictException($"LDO '{LdoId}' exists already.");
        }
        var ldo = new LdoInfo(LdoId, LdoStatus.Ingested, clock.GetUtcNow(), submission.Video?.SizeBytes ?? 0,
            submission.SensorData, submission.Context, submission.Prediction, submission.Video);
        // The list row first: if the state write fails, a retry finds no LDO and writes both again.
        await catalog.UpsertLdoAsync(new LdoSummary(ldo.Id, ldo.Status, ldo.Video?.Filename, ldo.CreatedAt, ldo.SizeBytes), CancellationToken.None)
            ;
        state.State.Ldo = ldo;
        state.State.AttemptKey = submission.AttemptKey;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Not recorded: this activation must not answer as if it were (the gateway asks before it deletes the
            // video), and the list must not show an LDO that does not exist. Unless another activation recorded
            // this id meanwhile (a conflict): the row is that LDO's then.
            state.State.Ldo = null;
            state.State.AttemptKey = null;
            if (e is not InconsistentStateException)
            {
                await ForgetListRowAsync();
            }
            throw;
        }
        logger.LogInformation("LDO {LdoId} ingested ({SizeBytes} bytes of video)", LdoId, ldo.SizeBytes);
        return ldo;
    }

    public Task<LdoInfo?> GetInfo() => Task.FromResult(state.State.Ldo);

    private async Task ForgetListRowAsync()
    {
        try
        {
            await catalog.DeleteLdoAsync(LdoId, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError("The list row of LDO {LdoId}, which was not recorded, could not be removed: {Error}", LdoId, e.Message);
        }
    }
}
