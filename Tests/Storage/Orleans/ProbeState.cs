namespace IngestionCluster.Tests.Storage.Orleans;

public sealed class ProbeState
{
    public string? Value { get; set; }
}
