using System.Data.Common;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IngestionCluster.Storage.Database;

/// <summary>
/// The database of a silo or gateway: PostgreSQL in cluster mode, SQLite in standalone mode. Shared by
/// the runtime (grain state, partition epochs, reminders) and the application's own tables.
/// </summary>
public sealed class IngestDatabase : IAsyncDisposable
{
    private static readonly object _prepared = new();

    private static readonly OperationMeter _operations = new(
        "db", "Database operations, by operation and outcome.", "Database operations that failed, by operation.");

    private readonly DbDataSource _dataSource;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> _preparedHandles = new();

    private IngestDatabase(DbDataSource dataSource, SqlDialect dialect, string description)
    {
        _dataSource = dataSource;
        Dialect = dialect;
        Description = description;
    }

    public SqlDialect Dialect { get; }

    /// <summary>Where the data lives, without secrets (for logs and health output).</summary>
    public string Description { get; }

    public static IngestDatabase Create(DatabaseOptions options, DatabaseProvider provider, string dataDirectory)
    {
        var connectionString = ConnectionString(options, provider, dataDirectory, DatabasePool.Metadata);
        if (provider == DatabaseProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return new IngestDatabase(NpgsqlDataSource.Create(connectionString), SqlDialect.Postgres, $"postgres://{builder.Host}:{builder.Port}/{builder.Database}");
        }
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new IngestDatabase(SqliteFactory.Instance.CreateDataSource(connectionString), SqlDialect.Sqlite, $"sqlite:{Path.GetFullPath(path)}");
    }

    /// <summary>The ADO.NET invariant and connection string Orleans' grain storage and reminder providers use for the same database.</summary>
    public static (string Invariant, string ConnectionString) OrleansConnection(DatabaseOptions options, DatabaseProvider provider, string dataDirectory)
    {
        var connectionString = ConnectionString(options, provider, dataDirectory, DatabasePool.Orleans);
        if (provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource))!);
        }
        return (provider == DatabaseProvider.Postgres ? "Npgsql" : "System.Data.SQLite", connectionString);
    }

    /// <summary>
    /// The connection string of one of the process's two PostgreSQL pools. The metadata store has its own data source
    /// and Orleans opens connections by connection string, so they cannot share a pool; the process's budget
    /// (<c>Maximum Pool Size</c> in <c>Db__ConnectionString</c>, else <c>Db__MaxPoolSize</c>) is split between them, so the
    /// process never holds more connections than it says, however busy it is.
    /// </summary>
    internal static string ConnectionString(DatabaseOptions options, DatabaseProvider provider, string dataDirectory, DatabasePool pool)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var builder = string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new NpgsqlConnectionStringBuilder
                {
                    Host = options.Host,
                    Port = options.Port,
                    Database = options.Database,
                    Username = options.Username,
                    Password = options.Password,
                }
                : new NpgsqlConnectionStringBuilder(options.ConnectionString);
            builder.MaxPoolSize = DatabasePools.ShareOf(DatabasePools.BudgetOf(options), pool);
            builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
            builder.ApplicationName ??= "ingestion-cluster";
            return builder.ConnectionString;
        }
        var path = string.IsNullOrWhiteSpace(options.SqlitePath) ? Path.Combine(dataDirectory, "ingest.db") : options.SqlitePath;
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy database until this timeout, for every connection (Orleans' too).
            DefaultTimeout = 30,
        }.ConnectionString;
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Once per physical SQLite connection (the pool hands the same one out again and again):
        // WAL lets readers run beside the one writer; busy_timeout makes writers queue instead of failing.
        if (connection is SqliteConnection { Handle: { } handle } && !_preparedHandles.TryGetValue(handle, out _))
        {
            try
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Back to the pool: nobody else holds it to close it.
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            _preparedHandles.AddOrUpdate(handle, _prepared);
        }
        return connection;
    }

    /// <summary>Runs one command on a pooled connection.</summary>
    public Task<int> ExecuteAsync(string sql, Action<DbCommand>? bind, CancellationToken cancellationToken) =>
        MeasureAsync("execute", async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind?.Invoke(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <summary>Runs one statement on a pooled connection.</summary>
    public Task<int> ExecuteAsync(DbStatement statement, CancellationToken cancellationToken) =>
        ExecuteAsync(statement.Sql, statement.BindTo, cancellationToken);

    /// <summary>
    /// Runs the statements as one unit, every one or none, and returns the rows each affected. PostgreSQL gets them
    /// in one round trip as a batch, which runs in one implicit transaction; SQLite has no batches, so there they
    /// run in a transaction.
    /// </summary>
    public Task<int[]> ExecuteAtomicallyAsync(IReadOnlyList<DbStatement> statements, CancellationToken cancellationToken) =>
        MeasureAsync("execute", async () =>
        {
            if (statements.Count == 0)
            {
                return Array.Empty<int>();
            }
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (connection.CanCreateBatch)
            {
                await using var batch = connection.CreateBatch();
                foreach (var statement in statements)
                {
                    var command = batch.CreateBatchCommand();
                    statement.BindTo(command);
                    batch.BatchCommands.Add(command);
                }
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return batch.BatchCommands.Select(command => command.RecordsAffected).ToArray();
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var affected = new int[statements.Count];
            for (var i = 0; i < statements.Count; i++)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                statements[i].BindTo(command);
                affected[i] = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return affected;
        });

    public Task<object?> ScalarAsync(string sql, Action<DbCommand>? bind, CancellationToken cancellationToken) =>
        MeasureAsync("scalar", async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind?.Invoke(command);
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        });

    /// <summary>Times a database operation (the <c>operation</c> label names it) and counts its failures.</summary>
    public static Task<T> MeasureAsync<T>(string operation, Func<Task<T>> work) => _operations.MeasureAsync(operation, work);

    /// <summary>
    /// The database takes writes: PostgreSQL is no read-only standby (a failover can leave the pool on one, where
    /// <c>SELECT 1</c> still answers); the SQLite file is read (a query without a table would not open it).
    /// </summary>
    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (Dialect.IsPostgres)
        {
            if (await ScalarAsync("SELECT current_setting('transaction_read_only')", null, cancellationToken).ConfigureAwait(false) is "on")
            {
                throw new InvalidOperationException("the server takes no writes (transaction_read_only is on: a standby, or set read-only)");
            }
            return;
        }
        await ScalarAsync("SELECT count(*) FROM sqlite_master", null, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
