namespace IngestionCluster.Grains.Abstractions.Ldos;

/// <summary>Statuses of a labelled data object.</summary>
public static class LdoStatus
{
    /// <summary>Stored with its metadata and video.</summary>
    public const string Ingested = "ingested";
}
