using IngestionCluster.Gateway.Health;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.ServiceDefaults.Health;
using IngestionCluster.Storage.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>
/// Cluster mode's gateway is an Orleans client: it finds silos through Redis membership and keeps trying
/// to connect while none answers, so it starts (and reports not ready) before the silos do.
/// </summary>
public static class OrleansClientHosting
{
    private static readonly TimeSpan _retryDelay = TimeSpan.FromSeconds(2);

    public static IHostApplicationBuilder AddIngestionClusterClient(this IHostApplicationBuilder builder, ClusterSettings cluster)
    {
        var redis = builder.Services.AddRedis(builder.Configuration);
        var dashboard = DashboardSettings.Read(builder.Configuration);
        // The client's connection attempts must not hold up the HTTP server: /health answers while it connects.
        builder.Services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            client.UseRedisClustering(options => options.ConfigurationOptions = redis.ToConfigurationOptions());
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = cluster.ResponseTimeout);
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = cluster.GatewayListRefreshPeriod);
            client.UseConnectionRetryFilter(async (exception, cancellationToken) =>
            {
                await Task.Delay(_retryDelay, cancellationToken).ConfigureAwait(false);
                return true;
            });
            client.AddActivityPropagation();
            client.AddOutgoingGrainCallFilter<StoppingSiloRetryFilter>();
            // Serves /dashboard from the data the silos' dashboard collects.
            client.AddDashboard(dashboard.ApplyTo);
        });
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>(ClusterHealthCheck.Name, HealthStatus.Unhealthy,
            [HealthTags.Ready], TimeSpan.FromSeconds(10));
        return builder;
    }
}
