using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Grains.Hosting;

namespace IngestionCluster.Grains.Ldos;

/// <summary>
/// The attempts of one keyed LDO request, which may each name another <c>ldo_id</c> (or none). They pass here one at a
/// time; the id each names is saved before its LDO is, so a later attempt finds the LDO an earlier one recorded
/// even when that attempt's answer, or its silo, was lost.
/// </summary>
[GrainType("ldo-key")]
public sealed class LdoKeyGrain([PersistentState("ldo-key", GrainStorage.Name)] IPersistentState<LdoKeyState> state) : Grain, ILdoKeyGrain
{
    private string AttemptKey => GrainKeys.IdOf(this.GetPrimaryKeyString(), GrainKeys.LdoKeyPrefix);

    public async Task<LdoInfo> Ingest(string ldoId, LdoSubmission submission)
    {
        IdRules.ValidateClientId(ldoId, "LDO id");
        if (submission.AttemptKey != AttemptKey)
        {
            throw new ArgumentException("The submission's attempt key is not this grain's.", nameof(submission));
        }
        if (state.State.LdoId is { } named && named != ldoId && await GrainFactory.GetLdo(named).GetRecordedBy(AttemptKey) is { } recorded)
        {
            return recorded;
        }
        // An id that an earlier attempt named and did not record (it was taken, or that attempt died first) is given up.
        if (state.State.LdoId != ldoId)
        {
            var before = state.State.LdoId;
            state.State.LdoId = ldoId;
            await state.WriteOrDeactivateAsync(this, () => state.State.LdoId = before);
        }
        return await GrainFactory.GetLdo(ldoId).Ingest(submission);
    }

    public Task<LdoInfo?> GetRecorded(string ldoId)
    {
        IdRules.ValidateClientId(ldoId, "LDO id");
        return GrainFactory.GetLdo(ldoId).GetInfo();
    }
}
