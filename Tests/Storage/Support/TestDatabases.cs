using IngestionCluster.Storage.Database;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Storage.Support;

/// <summary>An empty database of either mode: an SQLite file in <paramref name="data"/>, or a new database on the test PostgreSQL.</summary>
public static class TestDatabases
{
    public static async Task<IngestDatabase> CreateAsync(StorageKind storage, TempDirectory data, string name) =>
        storage == StorageKind.Standalone
            ? IngestDatabase.Create(new DatabaseOptions(), DatabaseProvider.Sqlite, data.Path)
            : IngestDatabase.Create(new DatabaseOptions { ConnectionString = await (await TestServers.Postgres).CreateDatabaseAsync(name) }, DatabaseProvider.Postgres, data.Path);
}
