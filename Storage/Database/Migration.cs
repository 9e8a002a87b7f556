namespace IngestionCluster.Storage.Database;

/// <summary>One step of a component's schema, in both dialects.</summary>
public sealed record Migration(int Version, string Description, string PostgresSql, string SqliteSql)
{
    public string SqlFor(SqlDialect dialect) => dialect.IsPostgres ? PostgresSql : SqliteSql;
}
