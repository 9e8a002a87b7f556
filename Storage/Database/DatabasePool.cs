namespace IngestionCluster.Storage.Database;

/// <summary>The two PostgreSQL connection pools of a silo process.</summary>
public enum DatabasePool
{
    /// <summary>The project's own tables (images, cameras, captures, dead letters, …).</summary>
    Metadata,

    /// <summary>Orleans' grain state and reminders.</summary>
    Orleans,
}
