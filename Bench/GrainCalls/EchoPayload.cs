using Orleans;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>The bytes a grain-calls request carries there and back; immutable, so Orleans never copies it inside a process.</summary>
[GenerateSerializer, Immutable, Alias("bench.EchoPayload")]
public sealed record EchoPayload([property: Id(0)] byte[] Bytes);
