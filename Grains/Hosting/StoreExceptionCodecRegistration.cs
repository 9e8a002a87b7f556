using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization.Serializers;

namespace IngestionCluster.Grains.Hosting;

/// <summary>Registers <see cref="StoreExceptionCodec"/> on a silo.</summary>
public static class StoreExceptionCodecRegistration
{
    /// <summary>
    /// Adds the codec ahead of every other generalized codec: Orleans asks them in registration order, and its own
    /// exception codec would otherwise claim Microsoft.Data.Sqlite's exception (its namespace starts with "Microsoft")
    /// and send it without the error code that says whether the database is busy.
    /// </summary>
    public static IServiceCollection AddStoreExceptionCodec(this IServiceCollection services)
    {
        services.Insert(0, ServiceDescriptor.Singleton<IGeneralizedCodec, StoreExceptionCodec>());
        return services;
    }
}
