using System.Collections.Concurrent;
using System.Text.Json;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.Silo.Hosting;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Database;
using IngestionCluster.Storage.Events;
using IngestionCluster.Storage.Hosting;
using IngestionCluster.Storage.Staging;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace IngestionCluster.Tests.Grains;

/// <summary>
/// An Orleans <see cref="InProcessTestCluster"/> running the product's grains with the product's own silo
/// configuration and real services: SQLite and a blob folder (standalone), or PostgreSQL, Redis (staging,
/// events, the single-activation directory) and s3rver (cluster). It also collects every camera event.
/// </summary>
public sealed class ProductCluster : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly ServiceProvider _testServices;
    private readonly List<IAsyncDisposable> _subscriptions = [];

    private ProductCluster(InProcessTestCluster cluster, TempDirectory data, IConfiguration configuration, StorageKind storage, ServiceProvider testServices)
    {
        Cluster = cluster;
        _data = data;
        Configuration = configuration;
        Storage = storage;
        _testServices = testServices;
        Blobs = testServices.GetRequiredService<IBlobStore>();
        Metadata = testServices.GetRequiredService<MetadataStore>();
        Database = testServices.GetRequiredService<IngestDatabase>();
    }

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    public IConfiguration Configuration { get; }

    public StorageKind Storage { get; }

    /// <summary>The test's own view of the blob store the silos write to.</summary>
    public IBlobStore Blobs { get; }

    public MetadataStore Metadata { get; }

    public IngestDatabase Database { get; }

    public ConcurrentQueue<JsonElement> Events { get; } = new();

    public IEnumerable<JsonElement> EventsOfType(string type) => Events.Where(e => e.GetProperty("type").GetString() == type);

    public static async Task<ProductCluster> StartAsync(
        StorageKind storage,
        int silos = 1,
        IDictionary<string, string?>? settings = null,
        S3Server? s3 = null,
        RedisServer? redis = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var data = new TempDirectory("product");
        var values = new Dictionary<string, string?>
        {
            ["Data:Dir"] = data.Path,
            ["Storage:LocalRoot"] = data.Combine("blobs"),
            ["Storage:RetryAttempts"] = "2",
            ["Storage:RetryBaseDelay"] = "00:00:00.100",
            ["Ingest:StagingSweepInterval"] = "00:00:01",
            ["Ingest:StagingSweepIdleAfter"] = "00:00:02",
            ["Rtsp:WatcherStartDelay"] = "00:00:00.200",
        };
        if (storage == StorageKind.Cluster)
        {
            s3 ??= await TestServers.S3;
            redis ??= await TestServers.Redis;
            values["Cluster:Mode"] = "cluster";
            values["Redis:Configuration"] = redis.Configuration;
            values["Redis:KeyPrefix"] = $"test-{Guid.NewGuid():N}:";
            values["Storage:Provider"] = StorageOptions.S3Provider;
            values["Storage:Endpoint"] = s3.Endpoint;
            values["Storage:AccessKey"] = s3.AccessKey;
            values["Storage:SecretKey"] = s3.SecretKey;
            values["Storage:Region"] = s3.Region;
            values["Storage:Bucket"] = await s3.CreateBucketAsync("grains");
            values["Db:ConnectionString"] = await (await TestServers.Postgres).CreateDatabaseAsync("grains");
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
        var cluster = ClusterSettings.Read(configuration);

        // The test's own view of the stores, and the schema before any silo starts (its providers read their queries at start).
        var testServices = new ServiceCollection();
        testServices.AddLogging();
        testServices.AddSingleton<IConfiguration>(configuration);
        testServices.AddIngestionGrains(configuration, cluster.Mode);
        var provider = testServices.BuildServiceProvider();
        foreach (var component in provider.GetServices<SchemaComponent>())
        {
            await SchemaMigrator.ApplyAsync(provider.GetRequiredService<IngestDatabase>(), component.Name, component.Migrations, NullLogger.Instance, CancellationToken.None);
        }

        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        // Grain state and reminders are stored under the service id: a cluster started again on the same database finds them.
        builder.Options.ServiceId = cluster.ServiceId;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddConfiguration(configuration);
            host.Services.AddIngestionGrains(configuration, cluster.Mode);
            configureServices?.Invoke(host.Services);
        });
        builder.ConfigureSilo((_, silo) => silo.ConfigureIngestionSilo(cluster.Mode, configureClustering: false));
        var testCluster = builder.Build();
        try
        {
            await testCluster.DeployAsync();
            var product = new ProductCluster(testCluster, data, configuration, storage, provider);
            await product.SubscribeToEventsAsync();
            return product;
        }
        catch
        {
            await testCluster.DisposeAsync();
            await provider.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    /// <summary>The test's own view of the chunk staging the silos use.</summary>
    public IChunkStaging Staging => _testServices.GetRequiredService<IChunkStaging>();

    /// <summary>Every session that has chunks staged now, with how many.</summary>
    public async Task<IReadOnlyDictionary<string, int>> StagedSessionsAsync()
    {
        var sessions = new Dictionary<string, int>();
        foreach (var key in await Staging.ListIdleAsync(DateTimeOffset.MaxValue, 10_000, CancellationToken.None))
        {
            sessions[key] = (await Staging.LoadAsync(key, CancellationToken.None))?.Chunks.Count ?? 0;
        }
        return sessions;
    }

    /// <summary>The silo that hosts <paramref name="grain"/> now, or null when it is not active.</summary>
    public async Task<InProcessSiloHandle?> SiloOfAsync(IAddressable grain)
    {
        var address = await Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return address is null ? null : Cluster.GetSiloForAddress(address);
    }

    /// <summary>Starts one more silo with the same configuration (scale-out).</summary>
    public async Task<InProcessSiloHandle> AddSiloAsync()
    {
        var silo = await Cluster.StartAdditionalSiloAsync();
        if (Storage == StorageKind.Standalone)
        {
            await SubscribeAsync(silo.SiloHost.Services.GetRequiredService<ICameraEventBus>());
        }
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync();
        }
        await Cluster.DisposeAsync();
        await _testServices.DisposeAsync();
        _data.Dispose();
    }

    private async Task SubscribeToEventsAsync()
    {
        if (Storage == StorageKind.Cluster)
        {
            // Redis pub/sub: one subscription sees every silo's events.
            await SubscribeAsync(_testServices.GetRequiredService<ICameraEventBus>());
            return;
        }
        // Standalone mode's bus is in-process: every silo host has its own.
        foreach (var silo in Cluster.Silos)
        {
            await SubscribeAsync(silo.SiloHost.Services.GetRequiredService<ICameraEventBus>());
        }
    }

    private async Task SubscribeAsync(ICameraEventBus bus)
    {
        _subscriptions.Add(await bus.SubscribeAsync(e =>
        {
            Events.Enqueue(JsonDocument.Parse(e.Payload).RootElement.Clone());
            return ValueTask.CompletedTask;
        }, CancellationToken.None));
    }
}
