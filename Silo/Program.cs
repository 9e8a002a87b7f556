using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;

namespace IngestionCluster.Silo;

/// <summary>The silo process. In standalone mode (the default) it also serves the gateway's endpoints.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseConfiguredHttpPort();
        builder.AddIngestionTelemetry(TelemetryHostingExtensions.SiloServiceName);
        builder.AddGatewayServices();
        var app = builder.Build();
        app.MapGatewayEndpoints();
        await app.RunAsync();
        return 0;
    }
}
