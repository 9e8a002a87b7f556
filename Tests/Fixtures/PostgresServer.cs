using System.Globalization;
using IngestionCluster.ServiceDefaults.Processes;
using Npgsql;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>A private PostgreSQL 15 cluster (initdb + postgres in a temp folder), run as the 'postgres' OS user when we are root.</summary>
public sealed class PostgresServer : ServerProcess
{
    private const string OsUser = "postgres";
    private const string Package = "postgresql";
    private static readonly string[] _binDirs = ["/usr/lib/postgresql/*/bin"];
    private int _databaseCounter;

    public PostgresServer() : base("postgres", OsUser)
    {
        Port = FreePort.Next();
    }

    public int Port { get; }

    public string User => "postgres";

    public string AdminConnectionString => ConnectionStringFor("postgres");

    private string DataDir => Directory.Combine("pgdata");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = User,
        Database = database,
        Pooling = true,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>A fresh, empty database for one test or test class; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionStringFor(name);
    }

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (System.IO.Directory.Exists(DataDir))
        {
            return;
        }
        var initdb = RequiredBinary.Find("initdb", Package, _binDirs);
        await RunToCompletionAsync(initdb,
            ["-D", DataDir, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"],
            OsUser, cancellationToken);
    }

    protected override GuardedProcessStartInfo CreateStartInfo()
    {
        var postgres = RequiredBinary.Find("postgres", Package, _binDirs);
        return new GuardedProcessStartInfo(postgres,
        [
            "-D", DataDir,
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-k", Directory.Path,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=300",
            // Test data is throw-away: trade crash safety of the test server for speed.
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            "-c", "shared_buffers=64MB",
        ])
        {
            RunAsUser = OsUser,
            StopGracePeriod = TimeSpan.FromSeconds(5),
        };
    }

    /// <summary>SIGTERM is PostgreSQL's "smart" shutdown, which waits for every client (a silo's pool never leaves): ask for a fast one.</summary>
    protected override async Task BeforeStopAsync()
    {
        var pgCtl = RequiredBinary.Find("pg_ctl", Package, _binDirs);
        await RunToCompletionAsync(pgCtl, ["-D", DataDir, "stop", "-m", "fast", "-w", "-t", "30"], OsUser, CancellationToken.None);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }
}
