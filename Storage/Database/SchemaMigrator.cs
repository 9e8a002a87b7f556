using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Storage.Database;

/// <summary>
/// Applies each component's pending migrations at start-up. On PostgreSQL every silo takes the same
/// transaction-scoped advisory lock first, so silos starting together apply each migration once; on
/// SQLite an IMMEDIATE transaction plays that role.
/// </summary>
public static class SchemaMigrator
{
    private const long AdvisoryLockKey = 0x1_6E_67_65_73_74; // "ingest"

    /// <summary>PostgreSQL's SQLSTATE for a statement that gave up waiting for a lock (<c>lock_not_available</c>).</summary>
    private const string LockNotAvailable = "55P03";

    /// <summary>
    /// How long a migration's statement may wait for a table lock on PostgreSQL. A waiting <c>ALTER TABLE</c> queues every
    /// later query of that table behind it, so a migration that meets a long transaction (a rolling upgrade under load)
    /// gives up after this, lets the traffic through, and tries again.
    /// </summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    public static Task ApplyAsync(IngestDatabase database, string component, IReadOnlyList<Migration> migrations, ILogger logger, CancellationToken cancellationToken) =>
        ApplyAsync(database, component, migrations, DefaultLockTimeout, logger, cancellationToken);

    /// <summary>Applies the pending migrations, trying again (until cancelled) while PostgreSQL refuses a lock within <paramref name="lockTimeout"/>.</summary>
    public static async Task ApplyAsync(
        IngestDatabase database, string component, IReadOnlyList<Migration> migrations, TimeSpan lockTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyOnceAsync(database, component, migrations, lockTimeout, logger, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbException ex) when (ex.SqlState == LockNotAvailable)
            {
                var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, lockTimeout.Ticks * attempt));
                logger.LogWarning("Migrations of {Component} waited {LockTimeout} for a table lock that other transactions hold (attempt {Attempt}): " +
                    "rolled back so that their traffic goes on; trying again in {Delay}", component, lockTimeout, attempt, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ApplyOnceAsync(
        IngestDatabase database, string component, IReadOnlyList<Migration> migrations, TimeSpan lockTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginAsync(connection, database.Dialect, lockTimeout, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, database.Dialect.IsPostgres
            ? "CREATE TABLE IF NOT EXISTS schema_migrations (component text NOT NULL, version integer NOT NULL, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))"
            : "CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (component, version))",
            cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT version FROM schema_migrations WHERE component = @component";
            select.With("component", component);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var migration in migrations.OrderBy(m => m.Version).Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, transaction, migration.SqlFor(database.Dialect), cancellationToken).ConfigureAwait(false);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (component, version, description) VALUES (@component, @version, @description)";
            record.With("component", component).With("version", migration.Version).With("description", migration.Description);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Applied migration {Component} v{Version}: {Description}", component, migration.Version, migration.Description);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DbTransaction> BeginAsync(DbConnection connection, SqlDialect dialect, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        if (!dialect.IsPostgres)
        {
            // Microsoft.Data.Sqlite starts IMMEDIATE transactions unless deferred is asked for.
            return await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The advisory lock is waited for without a limit: the silo holding it is applying these same migrations.
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(@key)";
            command.With("key", AdvisoryLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        // Set after the advisory lock, which it would otherwise limit too; SET takes no parameters.
        var milliseconds = Math.Max(1, (long)lockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(connection, transaction, $"SET LOCAL lock_timeout = {milliseconds}", cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
