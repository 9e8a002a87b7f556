using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IngestionCluster.Storage.Redis;

/// <summary>
/// The process's one Redis multiplexer, shared by Orleans' clustering and grain directory, chunk staging and
/// camera events. It connects lazily and reconnects by itself after an outage.
/// </summary>
public sealed class RedisConnection(RedisOptions options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private static readonly TimeSpan _probeLifetime = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    public RedisOptions Options => options;

    public async Task<IConnectionMultiplexer> GetAsync()
    {
        if (Volatile.Read(ref _multiplexer) is { } connected)
        {
            return connected;
        }
        await _connectGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_multiplexer is null)
            {
                var configuration = options.ToConfigurationOptions();
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
                await WaitUntilConnectedAsync(multiplexer, TimeSpan.FromMilliseconds(configuration.ConnectTimeout)).ConfigureAwait(false);
                multiplexer.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection to {Endpoint} failed: {FailureType} {Error}", e.EndPoint, e.FailureType, e.Exception?.Message);
                multiplexer.ConnectionRestored += (_, e) => logger.LogInformation("Redis connection to {Endpoint} restored", e.EndPoint);
                Volatile.Write(ref _multiplexer, multiplexer);
                logger.LogInformation("Connected to Redis at {Redis}", options.Describe());
            }
            return _multiplexer;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>
    /// With connect failures not aborting, the multiplexer can come back while its command and pub/sub connections are
    /// still being made, and commands fail at once until then (fail-fast backlog). The first use waits for both, up to
    /// the connect timeout; a Redis that is down is then reported by the commands themselves.
    /// </summary>
    private static async Task WaitUntilConnectedAsync(ConnectionMultiplexer multiplexer, TimeSpan timeout)
    {
        var subscriber = multiplexer.GetSubscriber();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(multiplexer.IsConnected && subscriber.IsConnected()) && waited.Elapsed < timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        }
    }

    public async Task<IDatabase> DatabaseAsync() => (await GetAsync().ConfigureAwait(false)).GetDatabase();

    /// <summary>
    /// Whether Redis takes a write, and how long it took: a short-lived key of this process
    /// (<c>{prefix}health:{machine}:{pid}</c>). A PING would also be answered by a replica left alone after a failover, or
    /// by a primary refusing writes (out of memory), where every chunk's staging fails.
    /// </summary>
    public async Task<TimeSpan> ProbeWriteAsync(CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var key = new RedisKey($"{options.KeyPrefix}health:{Environment.MachineName}:{Environment.ProcessId}");
        await database.StringSetAsync(key, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _probeLifetime).WaitAsync(cancellationToken).ConfigureAwait(false);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
            _multiplexer = null;
        }
        _connectGate.Dispose();
    }
}
