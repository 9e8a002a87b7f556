using IngestionCluster.Grains.Cameras;
using IngestionCluster.Grains.Catalog;
using IngestionCluster.Grains.Events;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Grains.Work;
using IngestionCluster.Runtime.Database;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Storage.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IngestionCluster.Grains.Hosting;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// The services the product's grains use: options (sections Ingest and Work), the metadata and catalog stores, the blob
    /// store (local folder in standalone mode, S3 in cluster mode unless Storage__Provider says
    /// otherwise), event publishing. Call before <c>AddIngestionSilo</c> so the schema exists before
    /// the silo takes partitions.
    /// </summary>
    public static IServiceCollection AddIngestionGrains(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = RuntimeServiceCollectionExtensions.ReadClusterOptions(configuration).Mode;
        services.TryAddSingleton(TimeProvider.System);
        // Read and checked now, so that a bad value stops the process at start rather than failing activations later.
        var ingest = configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
        ingest.Validate();
        services.AddSingleton(ingest);
        services.AddBlobStore(configuration, mode == ClusterMode.Standalone ? StorageOptions.LocalProvider : StorageOptions.S3Provider);
        services.AddSingleton<MetadataStore>();
        services.AddSingleton(new SchemaComponent(MetadataSchema.Component, MetadataSchema.Migrations));
        var work = configuration.GetSection(BackgroundWorkOptions.SectionName).Get<BackgroundWorkOptions>() ?? new BackgroundWorkOptions();
        work.Validate();
        services.AddSingleton(work);
        services.AddSingleton<CatalogStore>();
        services.AddSingleton(CatalogSchema.Schema);
        services.AddSingleton<CameraEventPublisher>();
        services.AddRtspCapture(configuration);
        services.AddHostedService<MetadataMigrationService>();
        return services;
    }

    /// <summary>Registers every grain class of this assembly.</summary>
    public static void AddProductGrains(this GrainTypeRegistry grains) => grains.AddFromAssembly(typeof(CameraGrain).Assembly);
}
