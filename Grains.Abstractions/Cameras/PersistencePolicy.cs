namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <param name="Mode">none | motion | all | every_n.</param>
/// <param name="EveryN">With every_n: keep one frame in N (N ≥ 1).</param>
public sealed record PersistencePolicy(PersistMode Mode = PersistMode.Motion, int EveryN = 1)
{
    public static PersistencePolicy Default { get; } = new();

    public string? Problem() => Mode == PersistMode.EveryN && EveryN < 1 ? "persist.every_n must be at least 1" : null;
}
