using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>Health of the database behind grain state.</summary>
internal sealed class DatabaseHealthCheck(Database.RuntimeDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(database.Description);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{database.Description}: {e.Message}");
        }
    }
}

/// <summary>Health of the message transport (the RabbitMQ connection in cluster mode).</summary>
internal sealed class BrokerHealthCheck(Transport.IMessageTransport transport) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await transport.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(transport.Name);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{transport.Name}: {e.Message}");
        }
    }
}
