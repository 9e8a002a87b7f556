namespace IngestionCluster.Runtime.Hosting;

public enum ClusterMode
{
    /// <summary>One process: in-memory transport, SQLite, local blob folder.</summary>
    Standalone,
    /// <summary>Silos and gateways over RabbitMQ, PostgreSQL and S3.</summary>
    Cluster,
}
