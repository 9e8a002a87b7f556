namespace IngestionCluster.Tests.Storage.Orleans;

/// <summary>A second grain type, with a state name of its own, to show two types with one key keep separate rows.</summary>
[Alias("tests.IOtherStateProbeGrain")]
public interface IOtherStateProbeGrain : IStateProbeGrain;
