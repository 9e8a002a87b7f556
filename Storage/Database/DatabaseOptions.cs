namespace IngestionCluster.Storage.Database;

/// <summary>Settings of section <c>Db</c>: which database holds grain state and metadata.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Db";

    /// <summary><c>sqlite</c> or <c>postgres</c>; empty = by mode (standalone: sqlite, cluster: postgres).</summary>
    public string? Provider { get; set; }

    /// <summary>A full connection string; when set, Host/Port/Database/Username/Password are ignored.</summary>
    public string? ConnectionString { get; set; }

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 5432;

    public string Database { get; set; } = "ingest";

    public string Username { get; set; } = "ingest";

    public string? Password { get; set; }

    /// <summary>SQLite file; empty = <c>{Data__Dir}/ingest.db</c>.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>
    /// PostgreSQL connections a silo process holds at most, half for the metadata store and half for Orleans' grain
    /// state and reminders. Three silos stay under PostgreSQL's default <c>max_connections</c> (100).
    /// </summary>
    public int MaxPoolSize { get; set; } = 30;
}
