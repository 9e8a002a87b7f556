namespace IngestionCluster.Tests;

/// <summary>Load and failover tests: they run alone, so that the 2-core machine's timing stays honest.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyTestsCollection
{
    public const string Name = "heavy";
}
