namespace IngestionCluster.Grains.Ldos;

/// <summary>What an LDO key grain persists: the id the latest attempt with its key named, saved before that attempt's LDO.</summary>
public sealed class LdoKeyState
{
    public string? LdoId { get; set; }
}
