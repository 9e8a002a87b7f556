using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Runtime.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Bench.Product;

/// <summary>The product's grains in an in-process test cluster with their real services, configured like the hosts.</summary>
public sealed class BenchProductCluster : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private BenchProductCluster(TestCluster cluster, MetadataStore metadata, string dataDirectory)
    {
        Cluster = cluster;
        Metadata = metadata;
        _dataDirectory = dataDirectory;
    }

    public TestCluster Cluster { get; }

    public MetadataStore Metadata { get; }

    public static async Task<BenchProductCluster> StartAsync(TestTransport transport, int silos, IDictionary<string, string?> settings, string? rabbitUri = null, string? postgres = null)
    {
        var data = Directory.CreateTempSubdirectory("bench-product-").FullName;
        var values = new Dictionary<string, string?>(settings)
        {
            ["Data:Dir"] = data,
            ["Storage:LocalRoot"] = Path.Combine(data, "blobs"),
        };
        values.TryAdd("Storage:Provider", "local");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new TestClusterOptions
        {
            InitialSilos = silos,
            Transport = transport,
            RabbitMqUri = rabbitUri,
            PostgresConnectionString = postgres,
            ConfigureGrains = grains => grains.AddProductGrains(),
            ConfigureServices = services =>
            {
                services.AddSingleton<IConfiguration>(configuration);
                services.AddIngestionGrains(configuration);
            },
        };
        options.Cluster.Partitions = 64;
        options.Cluster.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        var cluster = await TestCluster.StartAsync(options);
        var metadata = new MetadataStore(cluster.Database, TimeProvider.System);
        await metadata.MigrateAsync(NullLogger.Instance, CancellationToken.None);
        return new BenchProductCluster(cluster, metadata, data);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
