using IngestionCluster.ServiceDefaults.Health;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Local;
using IngestionCluster.Storage.Resilience;
using IngestionCluster.Storage.S3;
using IngestionCluster.Storage.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Storage.Hosting;

/// <summary>Registers the blob store chosen by <c>Storage__Provider</c>, its settings and its health check.</summary>
public static class BlobStoreServiceCollectionExtensions
{
    /// <summary>Overall limit of the <c>blob_store</c> health check, above the store's own probe timeout.</summary>
    private static readonly TimeSpan _healthCheckTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds <see cref="IBlobStore"/> (a singleton), settings from section <c>Storage</c> validated at
    /// start-up, and the health check <c>blob_store</c> tagged <c>ready</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The root configuration (<c>Data__Dir</c> is read from it for the local root).</param>
    /// <param name="defaultProvider">The store used when <c>Storage__Provider</c> is not set: <c>local</c> in standalone mode, <c>s3</c> in cluster mode.</param>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, IConfiguration configuration, string defaultProvider)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!StorageOptions.IsKnownProvider(defaultProvider))
        {
            throw new ArgumentException($"The default provider must be '{StorageOptions.LocalProvider}' or '{StorageOptions.S3Provider}'.", nameof(defaultProvider));
        }
        if (services.Any(descriptor => descriptor.ServiceType == typeof(IBlobStore)))
        {
            // Already added (or replaced by a test double): a second health check of the same name would fail at run time.
            return services;
        }
        var section = configuration.GetSection(StorageOptions.SectionName);

        services.AddLogging();
        services.AddOptions<StorageOptions>()
            .Bind(section)
            .PostConfigure(options => options.Provider = string.IsNullOrWhiteSpace(options.Provider)
                ? defaultProvider
                : options.Provider.Trim().ToLowerInvariant())
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptions<S3StorageOptions>().Bind(section);
        services.AddOptions<BlobRetryOptions>().Bind(section);
        services.AddOptions<LocalStorageOptions>()
            .Bind(section)
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.LocalRoot))
                {
                    var dataDir = configuration["Data:Dir"];
                    options.LocalRoot = Path.Combine(string.IsNullOrWhiteSpace(dataDir) ? "data" : dataDir, "blobs");
                }
            });

        services.TryAddSingleton(sp => new LocalFolderBlobStore(
            sp.GetRequiredService<IOptions<LocalStorageOptions>>().Value,
            sp.GetRequiredService<ILogger<LocalFolderBlobStore>>()));
        services.TryAddSingleton(sp => new S3BlobStore(
            sp.GetRequiredService<IOptions<S3StorageOptions>>().Value,
            sp.GetRequiredService<IOptions<BlobRetryOptions>>().Value,
            sp.GetRequiredService<ILogger<S3BlobStore>>()));
        services.TryAddSingleton<IBlobStore>(sp => new MeasuredBlobStore(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageOptions.S3Provider
                ? sp.GetRequiredService<S3BlobStore>()
                : sp.GetRequiredService<LocalFolderBlobStore>()));

        services.AddHealthChecks().AddCheck<BlobStoreHealthCheck>(
            BlobStoreHealthCheck.Name,
            failureStatus: HealthStatus.Unhealthy,
            tags: [HealthTags.Ready],
            timeout: _healthCheckTimeout);
        return services;
    }
}
