using IngestionCluster.Storage.Database;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Storage.Support;

namespace IngestionCluster.Tests.Storage.Database;

/// <summary>Statements run as one unit on both databases: a PostgreSQL batch and an SQLite transaction.</summary>
public sealed class IngestDatabaseBatchTests
{
    private const string Insert = "INSERT INTO pairs (id, note) VALUES (@id, @note)";
    private const string InsertOnce = Insert + " ON CONFLICT (id) DO NOTHING";

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Statements_take_effect_together_and_report_the_rows_each_affected(StorageKind storage)
    {
        using var data = new TempDirectory("db-batch");
        await using var database = await OpenAsync(storage, data);

        var affected = await database.ExecuteAtomicallyAsync(
            [Pair(InsertOnce, "a", "first"), Pair(InsertOnce, "b", null), Pair(InsertOnce, "a", "again")], CancellationToken.None);

        Assert.Equal([1, 1, 0], affected);
        Assert.Equal("a=first b=", await ContentsAsync(database));
        var nothing = await database.ExecuteAtomicallyAsync([], CancellationToken.None);
        Assert.Empty(nothing);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_failing_statement_undoes_the_ones_before_it(StorageKind storage)
    {
        using var data = new TempDirectory("db-batch");
        await using var database = await OpenAsync(storage, data);
        await database.ExecuteAsync(Pair(Insert, "kept", "before"), CancellationToken.None);

        // The second statement breaks the primary key: the first one must not stay behind.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => database.ExecuteAtomicallyAsync(
            [Pair(Insert, "new", "lost"), Pair(Insert, "kept", "duplicate")], CancellationToken.None));

        Assert.Equal("kept=before", await ContentsAsync(database));
        // The connection went back to the pool in a usable state.
        var affected = await database.ExecuteAtomicallyAsync([Pair(Insert, "after", "ok")], CancellationToken.None);
        Assert.Equal([1], affected);
        Assert.Equal("after=ok kept=before", await ContentsAsync(database));
    }

    private static DbStatement Pair(string sql, string id, string? note) => new DbStatement(sql).With("id", id).With("note", note);

    private static async Task<IngestDatabase> OpenAsync(StorageKind storage, TempDirectory data)
    {
        var database = await TestDatabases.CreateAsync(storage, data, "batch");
        await database.ExecuteAsync("CREATE TABLE pairs (id TEXT PRIMARY KEY, note TEXT)", null, CancellationToken.None);
        return database;
    }

    private static async Task<string> ContentsAsync(IngestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, note FROM pairs ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var pairs = new List<string>();
        while (await reader.ReadAsync())
        {
            pairs.Add($"{reader.GetString(0)}={(reader.IsDBNull(1) ? string.Empty : reader.GetString(1))}");
        }
        return string.Join(' ', pairs);
    }
}
