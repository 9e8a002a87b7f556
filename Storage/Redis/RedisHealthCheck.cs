using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.Storage.Redis;

/// <summary>Redis answers a PING.</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public const string Name = "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var database = await redis.DatabaseAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            var latency = await database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{redis.Options.Describe()} ({latency.TotalMilliseconds:F1} ms)");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{redis.Options.Describe()}: {e.Message}");
        }
    }
}
