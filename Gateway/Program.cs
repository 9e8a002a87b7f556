using IngestionCluster.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;

namespace IngestionCluster.Gateway;

/// <summary>The gateway process of cluster mode: HTTP API and MQTT bridge, no grains.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseConfiguredHttpPort();
        builder.AddGatewayServices();
        var app = builder.Build();
        app.MapGatewayEndpoints();
        await app.RunAsync();
        return 0;
    }
}
