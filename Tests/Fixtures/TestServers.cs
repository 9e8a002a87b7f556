namespace IngestionCluster.Tests.Fixtures;

/// <summary>
/// The servers of this test run. Shared instances start once, on first use, concurrently with each
/// other, and are killed when the test process exits. Tests that stop, restart or kill a server
/// take a private instance instead (<see cref="StartPrivateAsync{T}"/>), so shared ones stay up.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<PostgresServer>> _postgres = new(() => StartAsync(new PostgresServer()));
    private static readonly Lazy<Task<RedisServer>> _redis = new(() => StartAsync(new RedisServer()));
    private static readonly Lazy<Task<MosquittoServer>> _mosquitto = new(() => StartAsync(new MosquittoServer()));
    private static readonly Lazy<Task<S3Server>> _s3 = new(() => StartAsync(new S3Server()));
    private static readonly Lazy<Task<RtspServer>> _rtsp = new(() => StartAsync(new RtspServer()));

    public static Task<PostgresServer> Postgres => _postgres.Value;

    public static Task<RedisServer> Redis => _redis.Value;

    public static Task<MosquittoServer> Mosquitto => _mosquitto.Value;

    public static Task<S3Server> S3 => _s3.Value;

    /// <summary>An RTSP server without auth (640×360, 10 fps); tests that stop, freeze or need auth start their own.</summary>
    public static Task<RtspServer> Rtsp => _rtsp.Value;

    /// <summary>A server owned by the calling test; dispose it when done.</summary>
    public static Task<T> StartPrivateAsync<T>() where T : ServerProcess, new() => StartAsync(new T());

    private static async Task<T> StartAsync<T>(T server) where T : ServerProcess
    {
        // Off the caller's thread, so several servers boot at the same time.
        await Task.Yield();
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
