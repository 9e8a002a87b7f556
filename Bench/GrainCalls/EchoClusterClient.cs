using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using StackExchange.Redis;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>The bench process as an Orleans client of the echo silo processes, finding them through Redis membership as a gateway does.</summary>
public sealed class EchoClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private EchoClusterClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <param name="redis">The membership table's Redis.</param>
    /// <param name="clusterId">The silos' cluster id.</param>
    /// <param name="connectionsPerGateway">TCP connections to each silo's gateway (Orleans' default is 1).</param>
    /// <param name="silos">How many silos must be active before the client is returned.</param>
    public static async Task<EchoClusterClient> ConnectAsync(string redis, string clusterId, int connectionsPerGateway, int silos)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = EchoSilo.ServiceId;
            });
            client.Configure<ConnectionOptions>(options => options.ConnectionsPerEndpoint = connectionsPerGateway);
        });
        var host = builder.Build();
        await host.StartAsync();
        var connected = new EchoClusterClient(host);
        var management = connected.Client.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await management.GetHosts(onlyActive: true)).Count < silos)
        {
            if (DateTime.UtcNow > deadline)
            {
                await connected.DisposeAsync();
                throw new TimeoutException($"Fewer than {silos} echo silos became active within 60 s.");
            }
            await Task.Delay(100);
        }
        return connected;
    }

    /// <summary>Echo grain activations per silo, to show that both silos served calls.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ActivationsPerSiloAsync()
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("BenchEcho", StringComparison.OrdinalIgnoreCase))
            .GroupBy(s => s.SiloAddress.ToString())
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
