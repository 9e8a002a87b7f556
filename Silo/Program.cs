using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Gateway.Metrics;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;

namespace IngestionCluster.Silo;

/// <summary>
/// The silo process. Standalone mode (the default): one process with the in-memory transport, SQLite
/// and a local blob folder, serving the whole HTTP API and the MQTT bridge. Cluster mode: hosts grains
/// for the partitions it owns and serves only /health, /health/ready and /metrics.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var cluster = RuntimeServiceCollectionExtensions.ReadClusterOptions(builder.Configuration);
        builder.UseConfiguredHttpPort();
        builder.AddIngestionTelemetry(TelemetryHostingExtensions.SiloServiceName);
        builder.Services.AddIngestionGrains(builder.Configuration);
        builder.Services.AddIngestionSilo(builder.Configuration, grains => grains.AddProductGrains());
        var standalone = cluster.Mode == ClusterMode.Standalone;
        if (standalone)
        {
            builder.AddGatewayServices();
        }
        else
        {
            builder.AddOperationsServices();
        }
        var app = builder.Build();
        if (standalone)
        {
            app.MapGatewayEndpoints();
        }
        else
        {
            app.MapOperationsEndpoints();
        }
        await app.RunAsync();
        return 0;
    }
}
