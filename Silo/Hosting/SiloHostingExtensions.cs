using System.Net;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.ServiceDefaults;
using IngestionCluster.Storage.Database;
using IngestionCluster.Storage.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.GrainDirectory;

namespace IngestionCluster.Silo.Hosting;

/// <summary>
/// The Orleans silo of either mode, configured in one place. Standalone: localhost clustering, grain state
/// and reminders in the SQLite file. Cluster: membership and the single-activation directory in Redis,
/// grain state and reminders in PostgreSQL, failure detection tuned so a dead silo's grains are served
/// again within seconds. Values are read from the host's configuration when the silo starts, so sources a
/// host adds later (test factories do) are honoured; only the mode is fixed when this is called.
/// </summary>
public static class SiloHostingExtensions
{
    /// <summary>The product's grain services (before Orleans, so the schema exists when the silo starts), then the silo.</summary>
    public static IHostApplicationBuilder AddIngestionSilo(this IHostApplicationBuilder builder, ClusterSettings cluster)
    {
        // Read here as well, so that a bad value stops the process at start (exit code 3).
        DashboardSettings.Read(builder.Configuration);
        builder.Services.AddIngestionGrains(builder.Configuration, cluster.Mode);
        builder.UseOrleans(silo => silo.ConfigureIngestionSilo(cluster.Mode));
        return builder;
    }

    /// <param name="silo">The silo to configure.</param>
    /// <param name="mode">Standalone or cluster.</param>
    /// <param name="configureClustering">False when a test cluster provides membership and endpoints itself.</param>
    public static ISiloBuilder ConfigureIngestionSilo(this ISiloBuilder silo, ClusterMode mode, bool configureClustering = true)
    {
        var services = silo.Services;
        services.AddOptions<ClusterOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var cluster = ClusterSettings.Read(configuration);
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        services.AddOptions<SiloOptions>().Configure<IConfiguration>((options, configuration) => options.SiloName = ClusterSettings.Read(configuration).ResolveSiloName());
        services.AddOptions<SiloMessagingOptions>().Configure<IConfiguration>((options, configuration) => options.ResponseTimeout = ClusterSettings.Read(configuration).ResponseTimeout);
        services.AddOptions<ClusterMembershipOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            // Orleans' defaults take 10-15 s or more to declare a killed silo dead; these take 2-5 s, at the
            // price of false suspicions on a host too overloaded to answer a probe within ProbeTimeout.
            var cluster = ClusterSettings.Read(configuration);
            options.ProbeTimeout = cluster.ProbeTimeout;
            options.NumMissedProbesLimit = cluster.MissedProbesLimit;
            options.NumVotesForDeathDeclaration = cluster.VotesForDeath;
        });
        if (configureClustering)
        {
            ConfigureClustering(silo, mode);
        }
        if (mode == ClusterMode.Cluster)
        {
            silo.AddRedisGrainDirectory(SingleActivationDirectoryResolver.DirectoryName, options => options.Configure<IConfiguration>((directory, configuration) =>
                directory.ConfigurationOptions = RedisServiceCollectionExtensions.Read(configuration).ToConfigurationOptions()));
            services.AddSingleton<IGrainDirectoryResolver, SingleActivationDirectoryResolver>();
        }

        silo.AddAdoNetGrainStorage(GrainStorage.Name, options => options.Configure<IConfiguration>((storage, configuration) =>
            (storage.Invariant, storage.ConnectionString) = OrleansConnection(configuration, mode)));
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.UseAdoNetReminderService(options => options.Configure<IConfiguration>((reminders, configuration) =>
            (reminders.Invariant, reminders.ConnectionString) = OrleansConnection(configuration, mode)));
        services.AddOptions<ReminderOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            // Request and job recovery may ask for a period below Orleans' one-minute minimum (tests do).
            var work = GrainsServiceCollectionExtensions.ReadWork(configuration);
            if (work.RecoveryInterval < options.MinimumReminderPeriod)
            {
                options.MinimumReminderPeriod = work.RecoveryInterval;
            }
        });
        silo.AddIncomingGrainCallFilter<GrainLogScopeFilter>();
        // A store driver's exception reaches other processes as StoreUnavailableException (503 at the gateway) or StoreFailedException.
        services.AddStoreExceptionCodec();
        silo.AddActivityPropagation();
        // Every silo collects the dashboard's data, whichever process serves /dashboard.
        silo.AddDashboard();
        services.AddOptions<DashboardOptions>().Configure<IConfiguration>((options, configuration) => DashboardSettings.Read(configuration).ApplyTo(options));
        return silo;
    }

    private static (string Invariant, string ConnectionString) OrleansConnection(IConfiguration configuration, ClusterMode mode)
    {
        var database = DatabaseServiceCollectionExtensions.ReadDatabase(configuration);
        return IngestDatabase.OrleansConnection(database, DatabaseServiceCollectionExtensions.ResolveProvider(database, mode),
            DatabaseServiceCollectionExtensions.ReadData(configuration).Dir);
    }

    private static void ConfigureClustering(ISiloBuilder silo, ClusterMode mode)
    {
        if (mode == ClusterMode.Standalone)
        {
            silo.UseLocalhostClustering();
            // One process serves the API itself through the co-hosted client: no gateway endpoint to open.
            silo.Services.AddOptions<EndpointOptions>().Configure<IConfiguration>((options, configuration) =>
            {
                options.SiloPort = ClusterSettings.Read(configuration).SiloPort;
                options.GatewayPort = 0;
            });
            return;
        }
        silo.UseRedisClustering(_ => { });
        silo.Services.AddOptions<Orleans.Clustering.Redis.RedisClusteringOptions>()
            .Configure<IConfiguration>((options, configuration) => options.ConfigurationOptions = RedisServiceCollectionExtensions.Read(configuration).ToConfigurationOptions());
        silo.Services.AddOptions<EndpointOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var cluster = ClusterSettings.Read(configuration);
            options.SiloPort = cluster.SiloPort;
            options.GatewayPort = cluster.GatewayPort;
            options.AdvertisedIPAddress = cluster.AdvertisedAddress is { Length: > 0 } address ? IPAddress.Parse(address) : ResolveAddress();
            // A silo that tells the cluster to reach it on loopback is reached from this machine only: it need not, and
            // should not, take Orleans connections from the network (grain calls there skip the gateway's authentication).
            var listening = IPAddress.IsLoopback(options.AdvertisedIPAddress) ? options.AdvertisedIPAddress : IPAddress.Any;
            options.SiloListeningEndpoint = new IPEndPoint(listening, cluster.SiloPort);
            options.GatewayListeningEndpoint = cluster.GatewayPort == 0 ? null : new IPEndPoint(listening, cluster.GatewayPort);
        });
    }

    /// <summary>The host's first IPv4 address (what other silos and gateways reach it at without <c>Cluster__AdvertisedAddress</c>).</summary>
    private static IPAddress ResolveAddress() =>
        Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;
}
