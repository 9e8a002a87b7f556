using IngestionCluster.Grains.Imaging;
using IngestionCluster.Runtime.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Hosting;

/// <summary>Before the silo takes any partition: apply every registered schema component and check that libturbojpeg is there.</summary>
internal sealed class MetadataMigrationService(RuntimeDatabase database, IEnumerable<SchemaComponent> components, ILogger<MetadataMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        TurboJpeg.EnsureAvailable();
        foreach (var component in components)
        {
            await SchemaMigrator.ApplyAsync(database, component.Name, component.Migrations, logger, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
