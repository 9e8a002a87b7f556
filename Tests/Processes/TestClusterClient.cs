using IngestionCluster.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;

namespace IngestionCluster.Tests.Processes;

/// <summary>An Orleans client of a cluster of silo processes, configured as a gateway configures its own (Redis membership).</summary>
public sealed class TestClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private TestClusterClient(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider Services => _host.Services;

    /// <param name="settings">The cluster's environment (<see cref="ClusterSettings"/>), in <c>Section__Key</c> form.</param>
    /// <param name="responseTimeout">How long a call waits for its answer.</param>
    public static async Task<TestClusterClient> ConnectAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? responseTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value)));
        if (responseTimeout is { } timeout)
        {
            builder.Configuration["Cluster:ResponseTimeout"] = timeout.ToString();
        }
        builder.AddIngestionClusterClient(IngestionCluster.ServiceDefaults.ClusterSettings.Read(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        var client = new TestClusterClient(host);
        // Polled here rather than with the tests' Eventually: the benchmarks link this file without xunit.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await client.ReachesSiloAsync())
        {
            if (DateTime.UtcNow > deadline)
            {
                await client.DisposeAsync();
                throw new TimeoutException("The cluster client reached no silo within 60 s.");
            }
            await Task.Delay(50);
        }
        return client;
    }

    private async Task<bool> ReachesSiloAsync()
    {
        try
        {
            await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            return true;
        }
        catch (Exception e) when (e is OrleansException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
