using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Cameras;

/// <summary>Applies a camera's persistence policy to one frame.</summary>
internal static class PersistenceDecider
{
    public static bool ShouldPersist(PersistencePolicy policy, bool motion, long frameNumber) => policy.Mode switch
    {
        PersistMode.All => true,
        PersistMode.Motion => motion,
        PersistMode.EveryN => frameNumber % Math.Max(1, policy.EveryN) == 0,
        _ => false,
    };
}
