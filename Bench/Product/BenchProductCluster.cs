using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.Silo.Hosting;
using IngestionCluster.Storage.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace IngestionCluster.Bench.Product;

/// <summary>The product's grains in an in-process Orleans test cluster with their real services, configured as the Silo configures them.</summary>
public sealed class BenchProductCluster : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly ServiceProvider _services;

    private BenchProductCluster(InProcessTestCluster cluster, ServiceProvider services, string dataDirectory)
    {
        Cluster = cluster;
        _services = services;
        Metadata = services.GetRequiredService<MetadataStore>();
        _dataDirectory = dataDirectory;
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The test cluster's client: calls cross the in-memory transport, serialized as between processes.</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The first silo's own grain factory, which a standalone silo's HTTP API calls through: no serialization, immutable bytes not copied.</summary>
    public IGrainFactory SiloGrains => Cluster.Silos[0].SiloHost.Services.GetRequiredService<IGrainFactory>();

    public MetadataStore Metadata { get; }

    public static async Task<BenchProductCluster> StartAsync(int silos, IDictionary<string, string?> settings)
    {
        var data = Directory.CreateTempSubdirectory("bench-product-").FullName;
        var values = new Dictionary<string, string?>(settings)
        {
            ["Data:Dir"] = data,
            ["Storage:LocalRoot"] = Path.Combine(data, "blobs"),
        };
        values.TryAdd("Storage:Provider", "local");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var cluster = ClusterSettings.Read(configuration);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddIngestionGrains(configuration, cluster.Mode).BuildServiceProvider();
        foreach (var component in services.GetServices<SchemaComponent>())
        {
            await SchemaMigrator.ApplyAsync(services.GetRequiredService<IngestDatabase>(), component.Name, component.Migrations, NullLogger.Instance, CancellationToken.None);
        }
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        // Grain state and reminders are stored under the service id: a cluster started again on the same database finds them.
        builder.Options.ServiceId = cluster.ServiceId;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddConfiguration(configuration);
            host.Services.AddIngestionGrains(configuration, cluster.Mode);
        });
        builder.ConfigureSilo((_, silo) => silo.ConfigureIngestionSilo(cluster.Mode, configureClustering: false));
        var testCluster = builder.Build();
        await testCluster.DeployAsync();
        return new BenchProductCluster(testCluster, services, data);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _services.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
