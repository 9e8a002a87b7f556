using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Options;

/// <summary>Registers a gateway settings class: bound from configuration, validated at start-up.</summary>
internal static class GatewaySettingsRegistration
{
    /// <summary>Binds <typeparamref name="TSettings"/> to <paramref name="section"/> (read when first used, so test hosts can add configuration late) and validates it at start-up.</summary>
    public static IServiceCollection AddGatewaySettings<TSettings>(this IServiceCollection services, string section)
        where TSettings : class, IGatewaySettings
    {
        services.AddOptions<TSettings>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TSettings>, GatewaySettingsValidator<TSettings>>());
        return services;
    }
}
