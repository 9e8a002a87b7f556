using IngestionCluster.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IngestionCluster.Storage.Events;

public static class EventBusServiceCollectionExtensions
{
    /// <summary>The camera event bus: Redis pub/sub in cluster mode (needs <c>AddRedis</c>), in-process standalone.</summary>
    public static IServiceCollection AddCameraEventBus(this IServiceCollection services, ClusterMode mode)
    {
        if (mode == ClusterMode.Cluster)
        {
            services.TryAddSingleton<ICameraEventBus, RedisCameraEventBus>();
        }
        else
        {
            services.TryAddSingleton<ICameraEventBus, InProcessCameraEventBus>();
        }
        return services;
    }
}
