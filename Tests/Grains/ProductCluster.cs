using System.Collections.Concurrent;
using System.Text.Json;
using IngestionCluster.Grains.Catalog;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Work;
using IngestionCluster.Runtime.Database;
using IngestionCluster.Runtime.Testing;
using IngestionCluster.Runtime.Transport;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Hosting;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Tests.Grains;

/// <summary>
/// A TestCluster running the product's grains with their real services: SQLite and a blob folder
/// (standalone), or PostgreSQL and s3rver (cluster), over the in-memory or the RabbitMQ transport.
/// It also collects every camera event for assertions.
/// </summary>
public sealed class ProductCluster : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private IAsyncDisposable? _eventSubscription;

    private ProductCluster(TestCluster cluster, TempDirectory data, IConfiguration configuration, IBlobStore blobs, MetadataStore metadata)
    {
        Cluster = cluster;
        _data = data;
        Configuration = configuration;
        Blobs = blobs;
        Metadata = metadata;
    }

    public TestCluster Cluster { get; }

    public IConfiguration Configuration { get; }

    /// <summary>The test's own view of the blob store the silos write to.</summary>
    public IBlobStore Blobs { get; }

    public MetadataStore Metadata { get; }

    public ConcurrentQueue<JsonElement> Events { get; } = new();

    public IEnumerable<JsonElement> EventsOfType(string type) => Events.Where(e => e.GetProperty("type").GetString() == type);

    public static async Task<ProductCluster> StartAsync(
        TestTransport transport,
        StorageKind storage,
        int silos = 1,
        IDictionary<string, string?>? settings = null,
        S3Server? s3 = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var data = new TempDirectory("product");
        var values = new Dictionary<string, string?>
        {
            ["Data:Dir"] = data.Path,
            ["Storage:LocalRoot"] = data.Combine("blobs"),
            ["Storage:RetryAttempts"] = "2",
            ["Storage:RetryBaseDelay"] = "00:00:00.100",
        };
        string? postgres = null;
        if (storage == StorageKind.Cluster)
        {
            s3 ??= await TestServers.S3;
            values["Storage:Provider"] = StorageOptions.S3Provider;
            values["Storage:Endpoint"] = s3.Endpoint;
            values["Storage:AccessKey"] = s3.AccessKey;
            values["Storage:SecretKey"] = s3.SecretKey;
            values["Storage:Region"] = s3.Region;
            values["Storage:Bucket"] = await s3.CreateBucketAsync("grains");
            postgres = await (await TestServers.Postgres).CreateDatabaseAsync("grains");
        }
        else
        {
            values["Storage:Provider"] = StorageOptions.LocalProvider;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var options = new TestClusterOptions
        {
            InitialSilos = silos,
            Transport = transport,
            PostgresConnectionString = postgres,
            ConfigureGrains = grains => grains.AddProductGrains(),
            ConfigureServices = services =>
            {
                AddGrainServices(services, configuration);
                configureServices?.Invoke(services);
            },
        };
        if (transport == TestTransport.RabbitMq)
        {
            options.RabbitMqUri = (await TestServers.RabbitMq).AmqpUri.ToString();
        }

        // The schema must exist before grains run; a real host does this in a hosted service.
        var testServices = new ServiceCollection();
        testServices.AddSingleton(NullLoggerFactory.Instance);
        testServices.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        AddGrainServices(testServices, configuration);
        var cluster = await TestCluster.StartAsync(options);
        testServices.AddSingleton(cluster.Database);
        var provider = testServices.BuildServiceProvider();
        var metadata = new MetadataStore(cluster.Database, TimeProvider.System);
        await metadata.MigrateAsync(NullLogger.Instance, CancellationToken.None);
        await new CatalogStore(cluster.Database).MigrateAsync(NullLogger.Instance, CancellationToken.None);
        var product = new ProductCluster(cluster, data, configuration, provider.GetRequiredService<IBlobStore>(), metadata);
        product._eventSubscription = await cluster.Client.Events.SubscribeAsync("camera.#", e =>
        {
            product.Events.Enqueue(JsonDocument.Parse(e.Payload).RootElement.Clone());
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return product;
    }

    public async ValueTask DisposeAsync()
    {
        if (_eventSubscription is not null)
        {
            await _eventSubscription.DisposeAsync();
        }
        await Cluster.DisposeAsync();
        _data.Dispose();
    }

    private static void AddGrainServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration);
        var ingest = configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
        services.AddSingleton(ingest);
        services.AddBlobStore(configuration, StorageOptions.LocalProvider);
        services.AddSingleton<MetadataStore>();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton(configuration.GetSection(BackgroundWorkOptions.SectionName).Get<BackgroundWorkOptions>() ?? new BackgroundWorkOptions());
        services.AddSingleton<IngestionCluster.Grains.Events.CameraEventPublisher>();
        IngestionCluster.Grains.Rtsp.RtspServiceCollectionExtensions.AddRtspCapture(services, configuration);
    }
}
