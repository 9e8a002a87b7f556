using IngestionCluster.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.Storage.Hosting;

/// <summary>The <c>blob_store</c> health check (tag <see cref="IngestionCluster.ServiceDefaults.Health.HealthTags.Ready"/>): probes the configured <see cref="IBlobStore"/>.</summary>
public sealed class BlobStoreHealthCheck : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "blob_store";

    private readonly IBlobStore _store;

    /// <summary>Checks <paramref name="store"/>.</summary>
    public BlobStoreHealthCheck(IBlobStore store) => _store = store;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await _store.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        return health.IsHealthy
            ? HealthCheckResult.Healthy(health.Description)
            : new HealthCheckResult(context.Registration.FailureStatus, health.Description, health.Exception);
    }
}
