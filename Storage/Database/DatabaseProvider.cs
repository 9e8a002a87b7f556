namespace IngestionCluster.Storage.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
