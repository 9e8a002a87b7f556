using IngestionCluster.Grains.Imaging;
using IngestionCluster.Grains.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Hosting;

/// <summary>Before the silo takes any partition: apply the metadata schema and check that libturbojpeg is there.</summary>
internal sealed class MetadataMigrationService(MetadataStore metadata, ILogger<MetadataMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        TurboJpeg.EnsureAvailable();
        await metadata.MigrateAsync(logger, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
