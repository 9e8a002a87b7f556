using System.Net;
using IngestionCluster.Grains.Cameras;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using StackExchange.Redis;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>
/// A silo that hosts the echo grain and nothing of the product (the product's grain classes are in the
/// same output folder, so they are taken out of the silo's grain types).
/// </summary>
public static class EchoSilo
{
    public const string ServiceId = "bench-echo";

    /// <summary>A silo for the bench process itself (in_process): localhost clustering on two free ports.</summary>
    public static IHost BuildInProcess(int siloPort, int gatewayPort) => Build(silo =>
        silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: ServiceId, clusterId: "bench-in-process"), EchoPlacement.Default);

    /// <summary>A silo of the cross-process cluster: membership in Redis, endpoints on loopback.</summary>
    public static IHost BuildClustered(EchoSiloEndpoint endpoint, EchoPlacement placement) => Build(silo =>
    {
        silo.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(endpoint.Redis));
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = endpoint.ClusterId;
            options.ServiceId = ServiceId;
        });
        silo.Configure<SiloOptions>(options => options.SiloName = endpoint.Name);
        silo.Configure<EndpointOptions>(options =>
        {
            options.AdvertisedIPAddress = IPAddress.Loopback;
            options.SiloPort = endpoint.SiloPort;
            options.GatewayPort = endpoint.GatewayPort;
        });
    }, placement);

    private static IHost Build(Action<ISiloBuilder> clustering, EchoPlacement placement)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            clustering(silo);
            silo.Configure<GrainTypeOptions>(options => options.Classes.RemoveWhere(type => type.Assembly == typeof(CameraGrain).Assembly));
            if (placement == EchoPlacement.Local)
            {
                silo.Services.AddSingleton<PlacementStrategy, PreferLocalPlacement>();
            }
        });
        return builder.Build();
    }
}
