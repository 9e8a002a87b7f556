using System.Text.Json.Serialization;
using IngestionCluster.Runtime.Database;
using IngestionCluster.Runtime.Invocation;
using IngestionCluster.Runtime.Transport;
using IngestionCluster.Runtime.Transport.InMemory;
using IngestionCluster.Runtime.Transport.RabbitMq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>Wires a silo or a cluster client into a host from configuration (sections Cluster, RabbitMq, Db, Data).</summary>
public static class RuntimeServiceCollectionExtensions
{
    public const string ReadinessTag = "ready";

    /// <summary>A silo hosting the grains <paramref name="configureGrains"/> registers; in standalone mode everything stays in this process.</summary>
    public static IServiceCollection AddIngestionSilo(this IServiceCollection services, IConfiguration configuration,
        Action<GrainTypeRegistry> configureGrains, params JsonSerializerContext[] serializerContexts)
    {
        AddCommon(services, configuration, serializerContexts);
        services.AddSingleton(_ =>
        {
            var grains = new GrainTypeRegistry();
            configureGrains(grains);
            return grains;
        });
        services.AddSingleton<IMessageTransport>(sp =>
        {
            var cluster = sp.GetRequiredService<ClusterOptions>();
            return cluster.Mode == ClusterMode.Standalone
                ? new InMemoryTransport(new InMemoryBroker(cluster.Partitions, cluster.DeliveryLimit))
                : CreateRabbitMq(sp, cluster);
        });
        services.AddSingleton(sp => new SiloRuntime(
            sp.GetRequiredService<ClusterOptions>(),
            sp.GetRequiredService<IMessageTransport>(),
            sp.GetRequiredService<RuntimeDatabase>(),
            sp.GetRequiredService<GrainTypeRegistry>(),
            sp.GetRequiredService<RuntimeSerializer>(),
            sp,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<SiloRuntime>().Events);
        services.AddSingleton<IDeadLetterReader>(sp => sp.GetRequiredService<SiloRuntime>());
        services.AddHostedService<SiloHostedService>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadinessTag])
            .AddCheck<BrokerHealthCheck>("broker", tags: [ReadinessTag]);
        return services;
    }

    /// <summary>A client of a cluster (gateways): grain references and events over RabbitMQ, no grains hosted here.</summary>
    public static IServiceCollection AddIngestionClient(this IServiceCollection services, IConfiguration configuration, params JsonSerializerContext[] serializerContexts)
    {
        AddCommon(services, configuration, serializerContexts);
        services.AddSingleton<IMessageTransport>(sp => CreateRabbitMq(sp, sp.GetRequiredService<ClusterOptions>()));
        services.AddSingleton(sp => new ClusterClient(
            sp.GetRequiredService<IMessageTransport>(),
            sp.GetRequiredService<ClusterOptions>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<ClusterClient>().Events);
        services.AddSingleton<IDeadLetterReader>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService<ClusterClientHostedService>();
        services.AddHealthChecks().AddCheck<BrokerHealthCheck>("broker", tags: [ReadinessTag]);
        return services;
    }

    /// <summary>Reads section Cluster and validates it (shared by silos, clients and tools).</summary>
    public static ClusterOptions ReadClusterOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        options.Validate();
        return options;
    }

    private static void AddCommon(IServiceCollection services, IConfiguration configuration, JsonSerializerContext[] serializerContexts)
    {
        services.AddSingleton(_ => ReadClusterOptions(configuration));
        services.AddSingleton(_ => configuration.GetSection(RabbitMqOptions.SectionName).Get<RabbitMqOptions>() ?? new RabbitMqOptions());
        services.AddSingleton(_ => configuration.GetSection(DataOptions.SectionName).Get<DataOptions>() ?? new DataOptions());
        services.AddSingleton(_ => configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions());
        services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<DatabaseOptions>();
            var cluster = sp.GetRequiredService<ClusterOptions>();
            return RuntimeDatabase.Create(database, ResolveProvider(database, cluster), sp.GetRequiredService<DataOptions>().Dir);
        });
        services.AddSingleton(_ => new RuntimeSerializer(serializerContexts));
    }

    private static DatabaseProvider ResolveProvider(DatabaseOptions database, ClusterOptions cluster) =>
        database.Provider?.Trim().ToLowerInvariant() switch
        {
            null or "" => cluster.Mode == ClusterMode.Standalone ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres,
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException($"Db__Provider must be 'sqlite' or 'postgres', got '{other}'."),
        };

    private static RabbitMqTransport CreateRabbitMq(IServiceProvider services, ClusterOptions cluster) => new(
        cluster,
        services.GetRequiredService<RabbitMqOptions>(),
        services.GetRequiredService<RuntimeSerializer>(),
        services.GetRequiredService<ILoggerFactory>(),
        services.GetService<TimeProvider>() ?? TimeProvider.System);
}
