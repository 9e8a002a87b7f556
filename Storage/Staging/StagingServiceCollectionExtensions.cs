using IngestionCluster.ServiceDefaults;
using IngestionCluster.Storage.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IngestionCluster.Storage.Staging;

public static class StagingServiceCollectionExtensions
{
    /// <summary>Chunk staging: Redis in cluster mode (needs <c>AddRedis</c>), the database table standalone.</summary>
    public static IServiceCollection AddChunkStaging(this IServiceCollection services, ClusterMode mode)
    {
        services.AddSingleton(StagingSchema.Component);
        if (mode == ClusterMode.Cluster)
        {
            services.TryAddSingleton<IChunkStaging, RedisChunkStaging>();
        }
        else
        {
            services.TryAddSingleton<IChunkStaging, DatabaseChunkStaging>();
        }
        return services;
    }
}
