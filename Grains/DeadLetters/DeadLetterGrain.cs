using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Catalog;
using Orleans.Concurrency;

namespace IngestionCluster.Grains.DeadLetters;

/// <summary>The dead-letter table behind a stateless worker, so gateways reach it without a database connection of their own.</summary>
[StatelessWorker]
public sealed class DeadLetterGrain(DeadLetterRecorder recorder, DeadLetterStore store) : Grain, IDeadLetterGrain
{
    public Task Record(DeadLetter letter) => recorder.RecordAsync(letter);

    public Task<ResultPage<DeadLetter>> List(int skip, int limit)
    {
        CatalogGrain.CheckPage(skip, limit);
        return store.ListAsync(skip, limit, CancellationToken.None);
    }
}
