using IngestionCluster.Grains.Imaging;
using IngestionCluster.Storage.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Hosting;

/// <summary>
/// Before the silo starts (it must be registered before Orleans): apply every registered schema
/// component — Orleans' own grain-state and reminder tables among them — and check that libturbojpeg is
/// there. Several silos starting at once apply each migration once (see <see cref="SchemaMigrator"/>).
/// </summary>
internal sealed class SchemaMigrationService(IngestDatabase database, IEnumerable<SchemaComponent> components, ILogger<SchemaMigrationService> logger) : IHostedService
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
