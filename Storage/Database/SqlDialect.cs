namespace IngestionCluster.Storage.Database;

/// <summary>The few places where PostgreSQL and SQLite SQL differ.</summary>
public sealed class SqlDialect
{
    private SqlDialect(DatabaseProvider provider) => Provider = provider;

    public static SqlDialect Postgres { get; } = new(DatabaseProvider.Postgres);

    public static SqlDialect Sqlite { get; } = new(DatabaseProvider.Sqlite);

    public DatabaseProvider Provider { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>A JSON value from a text parameter (jsonb on PostgreSQL, text on SQLite).</summary>
    public string Json(string parameter) => IsPostgres ? $"CAST({parameter} AS jsonb)" : parameter;

    /// <summary>The column type for JSON documents.</summary>
    public string JsonType => IsPostgres ? "jsonb" : "TEXT";

    public string BlobType => IsPostgres ? "bytea" : "BLOB";

    public string TextType => IsPostgres ? "text" : "TEXT";

    public string BigIntType => IsPostgres ? "bigint" : "INTEGER";
}
