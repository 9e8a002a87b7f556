using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <param name="Mode">none | motion | all | every_n.</param>
/// <param name="EveryN">With every_n: keep one frame in N (N ≥ 1).</param>
[GenerateSerializer, Alias("ic.PersistencePolicy")]
public sealed record PersistencePolicy([Id(0)] PersistMode Mode = PersistMode.Motion, [Id(1)] int EveryN = 1)
{
    public static PersistencePolicy Default { get; } = new();

    public string? Problem() => Mode == PersistMode.EveryN && EveryN < 1 ? "persist.every_n must be at least 1" : null;
}
