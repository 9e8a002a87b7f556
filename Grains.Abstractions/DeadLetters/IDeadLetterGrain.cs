using IngestionCluster.Grains.Abstractions.Catalog;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.DeadLetters;

/// <summary>The dead-letter table (a stateless worker; key <see cref="Ids.GrainKeys.Catalog"/>).</summary>
[Alias("ic.IDeadLetterGrain")]
public interface IDeadLetterGrain : IGrainWithStringKey
{
    /// <summary>Records a message that can never succeed; returns once the row is committed.</summary>
    [Alias("Record")]
    Task Record(DeadLetter letter);

    /// <summary>Dead letters newest first.</summary>
    [Alias("List")]
    Task<ResultPage<DeadLetter>> List(int skip, int limit);
}
