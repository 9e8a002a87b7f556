namespace IngestionCluster.Tests.Grains;

public enum StorageKind
{
    /// <summary>SQLite and a local blob folder, as in standalone mode.</summary>
    Standalone,
    /// <summary>PostgreSQL and the S3-protocol server, as in cluster mode.</summary>
    Cluster,
}
