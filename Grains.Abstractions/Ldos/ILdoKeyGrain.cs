using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>
/// The LDO requests one caller sent with one <c>Idempotency-Key</c> (key: their <see cref="LdoSubmission.AttemptKey"/>):
/// whatever <c>ldo_id</c> each attempt names, the first LDO one of them recorded is every attempt's answer.
/// </summary>
[Alias("ic.ILdoKeyGrain")]
public interface ILdoKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the LDO as <paramref name="ldoId"/>, unless an attempt with this key recorded one already: that one is returned.</summary>
    /// <exception cref="Errors.ResourceConflictException">Another request's LDO has the id <paramref name="ldoId"/>.</exception>
    [Alias("Ingest")]
    Task<LdoInfo> Ingest(string ldoId, LdoSubmission submission);

    /// <summary>
    /// The LDO <paramref name="ldoId"/> as recorded, or null. Asked after a failed or timed-out <see cref="Ingest"/>, it
    /// waits for that call's turn to end, so an answer of null means that call recorded nothing.
    /// </summary>
    [Alias("GetRecorded")]
    Task<LdoInfo?> GetRecorded(string ldoId);
}
