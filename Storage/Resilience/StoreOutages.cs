using System.Net.Sockets;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Storage.Blobs;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Runtime;
using StackExchange.Redis;

namespace IngestionCluster.Storage.Resilience;

/// <summary>
/// Recognises the failures that mean "a store cannot be reached right now, the same call will succeed once it is
/// back" among the drivers' exceptions (Npgsql, Microsoft.Data.Sqlite, StackExchange.Redis, the blob stores,
/// sockets), wherever they sit in the chain of inner exceptions. Everything else (a bug, a constraint violation,
/// a refused S3 request) is not an outage.
/// </summary>
public static class StoreOutages
{
    /// <summary>Any socket-level failure whose store the exception does not name.</summary>
    public const string Network = "network";

    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN: the file is busy or unusable for now.
    private static readonly HashSet<int> _sqliteOutageCodes = [5, 6, 10, 13, 14];

    // Replies of a Redis server that is up but cannot serve yet (loading its append-only file, a replica without master).
    // READONLY: a replica, still connected to after a failover; OOM: full until keys expire or memory is raised.
    private static readonly string[] _redisNotReadyReplies = ["LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "READONLY", "OOM"];

    private static readonly string[] _redisFailuresInMessages = [typeof(RedisConnectionException).FullName!, typeof(RedisTimeoutException).FullName!];

    /// <summary>The outage <paramref name="exception"/> reports, as the exception the gateway maps to 503; null when it is not one.</summary>
    public static StoreUnavailableException? Recognize(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var cause in Chain(exception))
        {
            if (cause is StoreUnavailableException known)
            {
                return known;
            }
            if (StoreOf(cause) is { } store)
            {
                return new StoreUnavailableException(store, $"{Describe(store)} is not reachable: {cause.GetType().Name}: {cause.Message}");
            }
        }
        return null;
    }

    /// <summary>
    /// The store whose driver threw <paramref name="exception"/> itself (not an inner exception), outage or not:
    /// Npgsql and Microsoft.Data.Sqlite are the database, StackExchange.Redis is Redis, blob store exceptions the blob
    /// store; null for any other exception.
    /// </summary>
    public static string? DriverOf(Type exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Namespace switch
        {
            "Npgsql" or "Microsoft.Data.Sqlite" => StoreUnavailableException.Database,
            "StackExchange.Redis" => StoreUnavailableException.Redis,
            _ when exception == typeof(BlobStoreException) => StoreUnavailableException.BlobStore,
            _ => null,
        };
    }

    /// <summary>A readable name of <paramref name="store"/> for messages: "the database", "Redis", "the blob store".</summary>
    public static string Describe(string store) => store switch
    {
        StoreUnavailableException.Database => "the database",
        StoreUnavailableException.Redis => "Redis",
        StoreUnavailableException.BlobStore => "the blob store",
        _ => "a store",
    };

    private static string? StoreOf(Exception exception) => exception switch
    {
        PostgresException postgres => IsPostgresOutage(postgres.SqlState) ? StoreUnavailableException.Database : null,
        NpgsqlException { IsTransient: true } => StoreUnavailableException.Database,
        SqliteException sqlite when _sqliteOutageCodes.Contains(sqlite.SqliteErrorCode) => StoreUnavailableException.Database,
        RedisConnectionException or RedisTimeoutException => StoreUnavailableException.Redis,
        RedisServerException redis when _redisNotReadyReplies.Any(reply => redis.Message.StartsWith(reply, StringComparison.Ordinal)) => StoreUnavailableException.Redis,
        BlobStoreException { IsTransient: true } => StoreUnavailableException.BlobStore,
        SocketException => Network,
        // The Redis grain directory reports a Redis failure as an OrleansException that names it only in its message.
        OrleansException orleans when _redisFailuresInMessages.Any(name => orleans.Message.Contains(name, StringComparison.Ordinal)) => StoreUnavailableException.Redis,
        _ => null,
    };

    /// <summary>
    /// Connection exceptions (08), insufficient resources (53), shutdown or start-up (57P01-57P03), system errors (58), and
    /// refusals a retry gets past: serialization failure (40001), deadlock (40P01), lock not available (55P03), a
    /// read-only transaction (25006: the server is a standby now, after a failover), and a statement cancelled
    /// (57014: statement_timeout on a busy server, or an operator's cancel).
    /// </summary>
    private static bool IsPostgresOutage(string? sqlState) => sqlState is not null
        && (sqlState.StartsWith("08", StringComparison.Ordinal)
            || sqlState.StartsWith("53", StringComparison.Ordinal)
            || sqlState is "57P01" or "57P02" or "57P03" or "57014" or "40001" or "40P01" or "55P03" or "25006"
            || sqlState.StartsWith("58", StringComparison.Ordinal));

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 32)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
