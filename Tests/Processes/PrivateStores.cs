using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Processes;

/// <summary>
/// Redis, PostgreSQL and s3rver of one test alone, for tests that stop or break a store; disposing stops all three.
/// </summary>
public sealed class PrivateStores : IAsyncDisposable
{
    private PrivateStores(RedisServer redis, PostgresServer postgres, S3Server s3) => (Redis, Postgres, S3) = (redis, postgres, s3);

    public RedisServer Redis { get; }

    public PostgresServer Postgres { get; }

    public S3Server S3 { get; }

    public static async Task<PrivateStores> StartAsync()
    {
        var started = new Stack<ServerProcess>();
        try
        {
            var redis = await TestServers.StartPrivateAsync<RedisServer>();
            started.Push(redis);
            var postgres = await TestServers.StartPrivateAsync<PostgresServer>();
            started.Push(postgres);
            var s3 = await TestServers.StartPrivateAsync<S3Server>();
            return new PrivateStores(redis, postgres, s3);
        }
        catch
        {
            while (started.TryPop(out var server))
            {
                await server.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>The environment of a process cluster on these stores.</summary>
    public Task<Dictionary<string, string>> ClusterSettingsAsync(string prefix) => ClusterSettings.CreateAsync(prefix, Redis, S3, Postgres);

    public async ValueTask DisposeAsync()
    {
        await S3.DisposeAsync();
        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
