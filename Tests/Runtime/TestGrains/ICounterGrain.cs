using IngestionCluster.Runtime;

namespace IngestionCluster.Tests.Runtime.TestGrains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    /// <summary>Increments and persists; fails with InconsistentStateException when the stored etag moved.</summary>
    Task<int> IncrementAndSave();

    [OneWay]
    Task Add(int amount);

    /// <summary>How many activations this grain has had over its life (persisted).</summary>
    Task<int> GetActivationCount();

    Task Deactivate();
}
