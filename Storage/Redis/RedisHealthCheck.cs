using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.Storage.Redis;

/// <summary>Redis takes a write (<see cref="RedisConnection.ProbeWriteAsync"/>).</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public const string Name = "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var took = await redis.ProbeWriteAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{redis.Options.Describe()} ({took.TotalMilliseconds:F1} ms)");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{redis.Options.Describe()}: {e.Message}");
        }
    }
}
