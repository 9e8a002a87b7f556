using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>One labelled data object (key: its LDO id).</summary>
[Alias("ic.ILdoGrain")]
public interface ILdoGrain : IGrainWithStringKey
{
    /// <summary>Stores the LDO; its row appears in the LDO list.</summary>
    /// <exception cref="Errors.ResourceConflictException">An LDO with this id exists.</exception>
    [Alias("Ingest")]
    Task<LdoInfo> Ingest(LdoSubmission submission);

    /// <summary>The LDO, or null when there is none with this id.</summary>
    [Alias("GetInfo")]
    Task<LdoInfo?> GetInfo();

    /// <summary>
    /// Deletes the LDO: its video and everything else under its folder, its list row, and the object; the id is then
    /// free. A deletion cut off part-way is finished by the next activation, and the LDO is gone for readers meanwhile.
    /// </summary>
    /// <exception cref="Errors.ResourceNotFoundException">There is no LDO with this id.</exception>
    [Alias("Delete")]
    Task Delete();

    /// <summary>The LDO, when the request with <paramref name="attemptKey"/> recorded it; otherwise null.</summary>
    [Alias("GetRecordedBy")]
    Task<LdoInfo?> GetRecordedBy(string attemptKey);
}
