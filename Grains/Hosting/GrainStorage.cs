namespace IngestionCluster.Grains.Hosting;

/// <summary>Names the silo registers its Orleans providers under.</summary>
public static class GrainStorage
{
    /// <summary>The ADO.NET grain storage (PostgreSQL in cluster mode, SQLite standalone) every grain's state lives in.</summary>
    public const string Name = "ingest";
}
