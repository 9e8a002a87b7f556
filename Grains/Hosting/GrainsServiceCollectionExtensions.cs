using IngestionCluster.Grains.Cameras;
using IngestionCluster.Grains.Catalog;
using IngestionCluster.Grains.DeadLetters;
using IngestionCluster.Grains.Events;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Grains.Sessions;
using IngestionCluster.Grains.Work;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.Storage.Database;
using IngestionCluster.Storage.Events;
using IngestionCluster.Storage.Hosting;
using IngestionCluster.Storage.Redis;
using IngestionCluster.Storage.Staging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IngestionCluster.Grains.Hosting;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// The services the product's grains use: options (sections Ingest, Work, Rtsp), the database with every
    /// schema component, the blob store (local folder standalone, S3 in cluster mode unless
    /// <c>Storage__Provider</c> says otherwise), chunk staging, camera events, and the silo's background
    /// services (schema migration, staging sweeper, RTSP capture watcher). Call it before adding Orleans,
    /// so the schema exists before the silo starts.
    /// </summary>
    public static IServiceCollection AddIngestionGrains(this IServiceCollection services, IConfiguration configuration, ClusterMode mode)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Checked now, so that a bad value stops the process at start rather than failing activations later; read
        // again when first used, since hosts (and test factories) may add configuration sources after this call.
        ReadIngest(configuration);
        ReadWork(configuration);
        services.AddSingleton(_ => ReadIngest(configuration));
        services.AddSingleton(_ => ReadWork(configuration));

        services.AddIngestDatabase(configuration, mode);
        if (mode == ClusterMode.Cluster)
        {
            services.AddRedis(configuration);
        }
        services.AddBlobStore(configuration, mode == ClusterMode.Standalone ? StorageOptions.LocalProvider : StorageOptions.S3Provider);
        // Orleans' tables first: the silo's storage and reminder providers read their queries from them at start.
        services.AddSingleton(OrleansAdoNetSchema.Component);
        services.AddSingleton(new SchemaComponent(MetadataSchema.Component, MetadataSchema.Migrations));
        services.AddSingleton(CatalogSchema.Schema);
        services.AddSingleton(DeadLetterSchema.Component);
        services.AddSingleton(CaptureIndexSchema.Component);
        services.AddChunkStaging(mode);
        services.AddCameraEventBus(mode);

        services.AddSingleton<MetadataStore>();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<DeadLetterStore>();
        services.AddSingleton<CaptureIndex>();
        services.AddSingleton<AutomaticSessionStates>();
        services.AddSingleton<PendingImageStores>();
        services.AddSingleton<DeadLetterRecorder>();
        services.AddSingleton<CameraEventPublisher>();
        services.AddRtspCapture(configuration);

        // First: a camera file that cannot be used stops the process before it waits for its database.
        services.AddHostedService<CameraFileImportService>();
        services.AddHostedService<SchemaMigrationService>();
        services.AddHostedService<StagingSweeper>();
        services.AddHostedService<AbandonedWritesSweeper>();
        services.AddHostedService<RtspCaptureWatcher>();
        return services;
    }

    public static BackgroundWorkOptions ReadWork(IConfiguration configuration)
    {
        var work = configuration.GetSection(BackgroundWorkOptions.SectionName).Get<BackgroundWorkOptions>() ?? new BackgroundWorkOptions();
        work.Validate();
        return work;
    }

    private static IngestOptions ReadIngest(IConfiguration configuration)
    {
        var ingest = configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
        ingest.Validate();
        return ingest;
    }
}
