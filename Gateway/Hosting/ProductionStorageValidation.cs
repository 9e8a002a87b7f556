using IngestionCluster.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Hosting;

public static class ProductionStorageValidation
{
    /// <summary>
    /// Refuses, in Production, the well-known default credentials of S3-compatible servers. Gateways and
    /// cluster-mode silos write to the same bucket, so both apply it.
    /// </summary>
    public static IServiceCollection AddProductionStorageValidation(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, ProductionStorageValidator>());
        return services;
    }
}
