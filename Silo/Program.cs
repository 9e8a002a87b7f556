using IngestionCluster.Gateway.Hosting;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.ServiceDefaults.Configuration;
using IngestionCluster.ServiceDefaults.Hosting;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Silo.Hosting;
using Microsoft.AspNetCore.Builder;

namespace IngestionCluster.Silo;

/// <summary>
/// The silo process. Standalone mode (the default): one process with localhost clustering, SQLite and a
/// local blob folder, serving the whole HTTP API, the MQTT bridge and the admins' /dashboard. Cluster mode: an Orleans silo on
/// Redis membership, PostgreSQL and S3 that serves only /health, /health/ready and /metrics over HTTP.
/// <c>token --role ...</c> prints a token signed with <c>Auth__JwtSecret</c>, <c>hash-password</c> a password hash for <c>Auth__Users</c>, and <c>healthcheck</c> probes a running process
/// (container health checks) instead of starting anything.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

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
        builder.AddServiceDefaults(ServiceNames.Silo);
        var cluster = ClusterSettings.Read(builder.Configuration);
        builder.AddIngestionSilo(cluster);
        var standalone = cluster.Mode == ClusterMode.Standalone;
        if (standalone)
        {
            builder.AddGatewayServices();
        }
        else
        {
            builder.Services.AddProductionStorageValidation();
        }
        var app = builder.Build();
        app.MapDefaultEndpoints();
        if (standalone)
        {
            app.MapGatewayEndpoints();
            app.MapAdminDashboard();
        }
        await app.RunAsync();
        return 0;
    }
}
