using IngestionCluster.ServiceDefaults.Hosting;
using IngestionCluster.Gateway.Options;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>The default CORS policy, built from <see cref="GatewayCorsOptions"/>; with no origins configured, no cross-origin call is allowed.</summary>
internal static class GatewayCors
{
    public static IServiceCollection AddGatewayCors(this IServiceCollection services)
    {
        services.AddGatewaySettings<GatewayCorsOptions>(GatewayCorsOptions.SectionName);
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<GatewayCorsOptions>>((cors, settings) =>
        {
            var origins = settings.Value.AllowedOrigins;
            if (origins.Length == 0)
            {
                return;
            }
            cors.AddDefaultPolicy(policy =>
            {
                if (settings.Value.AllowsAnyOrigin)
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(origins);
                }
                policy.AllowAnyHeader().AllowAnyMethod()
                    .WithExposedHeaders(RequestIdMiddleware.HeaderName, "Retry-After", "Location", "X-Frame-Timestamp", "X-Frame-Sequence");
            });
        });
        return services;
    }
}
