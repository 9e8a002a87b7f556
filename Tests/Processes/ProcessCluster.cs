using IngestionCluster.Grains.Metadata;
using IngestionCluster.Storage.Database;

namespace IngestionCluster.Tests.Processes;

/// <summary>
/// A real cluster of Silo and Gateway processes (the executables, configured through environment variables
/// as an operator would) on Redis, PostgreSQL and s3rver, with an Orleans client and the metadata tables for
/// assertions. Processes can be killed (SIGKILL), stopped and added.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly IngestDatabase _database;
    private int _siloCounter;

    private ProcessCluster(Dictionary<string, string> settings, IngestDatabase database)
    {
        Settings = settings;
        _database = database;
        Metadata = new MetadataStore(database, TimeProvider.System);
    }

    public Dictionary<string, string> Settings { get; }

    public List<ProductProcess> Silos { get; } = [];

    public List<ProductProcess> Gateways { get; } = [];

    public MetadataStore Metadata { get; }

    public TestClusterClient Client { get; private set; } = null!;

    /// <param name="prefix">Names the cluster's database, bucket and ids.</param>
    /// <param name="silos">Silo processes to start.</param>
    /// <param name="gateways">Gateway processes to start (auth off, so tests talk plain HTTP).</param>
    /// <param name="settings">The cluster's environment (<see cref="ClusterSettings"/>); gateways also get <paramref name="gatewaySettings"/>.</param>
    /// <param name="gatewaySettings">Extra gateway-only settings (MQTT).</param>
    public static async Task<ProcessCluster> StartAsync(string prefix, int silos, int gateways, Dictionary<string, string>? settings = null,
        IReadOnlyDictionary<string, string>? gatewaySettings = null)
    {
        settings ??= await ClusterSettings.CreateAsync(prefix);
        var database = IngestDatabase.Create(new DatabaseOptions { ConnectionString = settings["Db__ConnectionString"] }, DatabaseProvider.Postgres, string.Empty);
        var cluster = new ProcessCluster(settings, database);
        try
        {
            cluster.Silos.AddRange(await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => ProductProcess.StartSiloAsync(cluster.NextSiloName(), settings))));
            var gatewayEnvironment = new Dictionary<string, string>(settings) { ["Auth__Enabled"] = "false", ["RateLimit__Enabled"] = "false" };
            foreach (var (key, value) in gatewaySettings ?? new Dictionary<string, string>())
            {
                gatewayEnvironment[key] = value;
            }
            cluster.Gateways.AddRange(await Task.WhenAll(Enumerable.Range(0, gateways)
                .Select(g => ProductProcess.StartGatewayAsync($"{prefix}-gateway-{g + 1}", gatewayEnvironment))));
            await Task.WhenAll(cluster.Gateways.Select(gateway => gateway.WaitUntilReadyAsync()));
            cluster.Client = await TestClusterClient.ConnectAsync(settings, TimeSpan.FromSeconds(10));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>One more silo (scale-out).</summary>
    public async Task<ProductProcess> AddSiloAsync()
    {
        var silo = await ProductProcess.StartSiloAsync(NextSiloName(), Settings);
        Silos.Add(silo);
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }
        await Task.WhenAll(Gateways.Concat(Silos).Select(p => p.DisposeAsync().AsTask()));
        await _database.DisposeAsync();
    }

    private string NextSiloName() => $"silo-{Interlocked.Increment(ref _siloCounter)}";
}
