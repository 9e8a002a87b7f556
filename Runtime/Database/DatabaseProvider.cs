namespace IngestionCluster.Runtime.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
