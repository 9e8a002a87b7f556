namespace IngestionCluster.ServiceDefaults;

public enum ClusterMode
{
    /// <summary>One process: localhost clustering, SQLite, a local blob folder, events in-process.</summary>
    Standalone,
    /// <summary>Silos and gateways on Redis (membership, directory, staging, events), PostgreSQL and S3.</summary>
    Cluster,
}
