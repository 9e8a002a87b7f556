using IngestionCluster.Gateway.Hosting;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.ServiceDefaults.Configuration;
using IngestionCluster.ServiceDefaults.Hosting;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Storage.Events;
using IngestionCluster.Storage.Hosting;
using Microsoft.AspNetCore.Builder;

namespace IngestionCluster.Gateway;

/// <summary>
/// The gateway process of cluster mode: the HTTP API, the MQTT bridge and the admins' /dashboard as an Orleans client of the silos
/// (found through Redis membership), streaming large bodies to S3. It hosts no grains. (In standalone mode
/// the Silo process serves the same endpoints itself.) It takes the Silo's commands too (<see cref="ProcessCommands"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (ProcessCommands.TryRun(args) is { } command)
        {
            return await command;
        }
        return await StartupFailure.ReportSettingsProblemsAsync(() => RunHostAsync(args), Console.Error);
    }

    private static async Task<int> RunHostAsync(string[] args)
    {
        var builder = SeedConfigurationExtensions.CreateBuilderWithSeedSettings(args);
        builder.AddServiceDefaults(ServiceNames.Gateway);
        var cluster = ClusterSettings.Read(builder.Configuration);
        if (cluster.Mode != ClusterMode.Cluster)
        {
            await Console.Error.WriteLineAsync("The Gateway process is for cluster mode (Cluster__Mode=cluster). In standalone mode run the Silo: dotnet run --project Silo");
            return 2;
        }
        builder.AddIngestionClusterClient(cluster);
        builder.Services.AddCameraEventBus(ClusterMode.Cluster);
        builder.Services.AddBlobStore(builder.Configuration, StorageOptions.S3Provider);
        builder.AddGatewayServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGatewayEndpoints();
        app.MapAdminDashboard();
        try
        {
            await app.RunAsync();
        }
        catch (OperationCanceledException)
        {
            // The only thing that cancels the start is a stop (SIGTERM) while the cluster client still looks for a silo: a clean stop all the same.
            await Console.Out.WriteLineAsync("Stopped before the cluster client reached a silo.");
        }
        return 0;
    }
}
