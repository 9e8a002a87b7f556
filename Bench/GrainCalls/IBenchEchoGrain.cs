using Orleans;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>The smallest useful grain call: the payload comes back as it went.</summary>
[Alias("bench.IBenchEchoGrain")]
public interface IBenchEchoGrain : IGrainWithIntegerKey
{
    [Alias("Echo")]
    ValueTask<EchoPayload> Echo(EchoPayload payload);
}
