namespace IngestionCluster.Tests.Telemetry;

/// <summary>
/// Tests that count the project's own instruments with a <see cref="CounterSpy"/>. The instruments are static,
/// so any test running at the same time would add to the counts; these tests run alone (after the parallel
/// ones, one at a time), and so can assert exact counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetricsCollection
{
    public const string Name = "process-wide metrics";
}
