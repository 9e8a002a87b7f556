using IngestionCluster.ServiceDefaults.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionCluster.Storage.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>Section <c>Redis</c> (validated now, so a bad value stops the process at start), the shared connection and its readiness check.</summary>
    public static RedisOptions AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Read(configuration);
        // Read again when first used: hosts (and test factories) may add configuration sources after this call.
        services.TryAddSingleton(_ => Read(configuration));
        services.TryAddSingleton<RedisConnection>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, HealthStatus.Unhealthy, [HealthTags.Ready], TimeSpan.FromSeconds(10));
        return options;
    }

    public static RedisOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        options.Validate();
        return options;
    }
}
