using System.Data.Common;
using System.Globalization;
using IngestionCluster.Storage.Database;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Mqtt;
using IngestionCluster.Tests.Storage.Support;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Storage.Database;

/// <summary>A migration that meets a long transaction on its table (a rolling upgrade under load), on PostgreSQL.</summary>
public sealed class MigrationLockTests
{
    private const string Component = "lock-test";

    private static readonly Migration _create = new(1, "busy table", "CREATE TABLE busy (id integer PRIMARY KEY)", "CREATE TABLE busy (id INTEGER PRIMARY KEY)");
    private static readonly Migration _alter = new(2, "a column", "ALTER TABLE busy ADD COLUMN note text", "ALTER TABLE busy ADD COLUMN note TEXT");

    [Fact]
    public async Task A_migration_waiting_for_a_table_lock_gives_way_to_the_table_s_traffic_and_is_applied_once_the_lock_is_free()
    {
        using var data = new TempDirectory("migration-lock");
        await using var database = await TestDatabases.CreateAsync(StorageKind.Cluster, data, "migration_lock");
        var logger = new TestLogger<MigrationLockTests>();
        await SchemaMigrator.ApplyAsync(database, Component, [_create], logger, CancellationToken.None);
        await database.ExecuteAsync("INSERT INTO busy (id) VALUES (1)", null, CancellationToken.None);

        // A long transaction that read the table holds a lock an ALTER TABLE must wait for.
        await using var reader = await database.OpenConnectionAsync(CancellationToken.None);
        await using var longTransaction = await reader.BeginTransactionAsync();
        Assert.Equal(1L, await CountAsync(reader, longTransaction));
        var migrating = SchemaMigrator.ApplyAsync(database, Component, [_create, _alter], TimeSpan.FromMilliseconds(300), logger, CancellationToken.None);
        await Eventually.TrueAsync(() => logger.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("table lock", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the migration gave up its wait for the lock");

        // Other queries of the table are not held behind the waiting migration for good (without the lock timeout they wait
        // as long as the long transaction runs).
        for (var i = 0; i < 3; i++)
        {
            await using var other = await database.OpenConnectionAsync(CancellationToken.None);
            await using var limited = other.CreateCommand();
            limited.CommandText = "SET statement_timeout = 5000";
            await limited.ExecuteNonQueryAsync();
            Assert.Equal(1L, await CountAsync(other, null));
        }
        Assert.False(migrating.IsCompleted);

        await longTransaction.CommitAsync();
        await migrating.WaitAsync(TimeSpan.FromSeconds(60));

        await database.ExecuteAsync("INSERT INTO busy (id, note) VALUES (2, 'after')", null, CancellationToken.None);
        var applied = await database.ScalarAsync($"SELECT count(*) FROM schema_migrations WHERE component = '{Component}' AND version = 2", null, CancellationToken.None);
        Assert.Equal(1L, Convert.ToInt64(applied, CultureInfo.InvariantCulture));
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction)
    {
        await using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "SELECT count(*) FROM busy";
        return Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
