using IngestionCluster.Runtime;

namespace IngestionCluster.Bench.GrainCalls;

public interface IBenchGrain : IGrainWithStringKey
{
    ValueTask<byte[]> Echo(byte[] payload);
}

public sealed class BenchGrain : Grain, IBenchGrain
{
    public ValueTask<byte[]> Echo(byte[] payload) => ValueTask.FromResult(payload);
}
