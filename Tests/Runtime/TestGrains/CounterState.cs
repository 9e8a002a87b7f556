namespace IngestionCluster.Tests.Runtime.TestGrains;

public sealed class CounterState
{
    public int Count { get; set; }

    public int Activations { get; set; }

    public List<string> ActivationLog { get; set; } = [];
}
