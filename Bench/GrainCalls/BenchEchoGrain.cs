using Orleans;

namespace IngestionCluster.Bench.GrainCalls;

public sealed class BenchEchoGrain : Grain, IBenchEchoGrain
{
    public ValueTask<EchoPayload> Echo(EchoPayload payload) => ValueTask.FromResult(payload);
}
