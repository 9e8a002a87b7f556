using IngestionCluster.Grains.Abstractions.Ldos;

namespace IngestionCluster.Grains.Ldos;

/// <summary>What an LDO grain persists: the whole object.</summary>
public sealed class LdoState
{
    public LdoInfo? Ldo { get; set; }
}
