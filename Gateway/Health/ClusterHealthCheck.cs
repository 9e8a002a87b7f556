using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans;

namespace IngestionCluster.Gateway.Health;

/// <summary>The gateway reaches a silo, and that silo reaches its database and staging store.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string Name = "cluster";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var report = await grains.GetClusterHealth().Check().WaitAsync(cancellationToken).ConfigureAwait(false);
            var problems = report.Stores.Where(store => store.Value is not null).Select(store => $"{store.Key}: {store.Value}").ToList();
            return problems.Count == 0
                ? HealthCheckResult.Healthy($"silo {report.Silo} answered")
                : HealthCheckResult.Unhealthy($"silo {report.Silo} answered, but {string.Join("; ", problems)}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no silo answered: {e.Message}");
        }
    }
}
