using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.Storage.Database;

/// <summary>The database (PostgreSQL or the SQLite file) answers a query.</summary>
public sealed class DatabaseHealthCheck(IngestDatabase database) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(database.Description);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{database.Description}: {e.Message}");
        }
    }
}
