using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Registers <see cref="MqttOptions"/> from the <c>Mqtt</c> section, validated when the host starts.</summary>
public static class MqttServiceCollectionExtensions
{
    public static IServiceCollection AddMqttOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MqttOptions>()
            .Bind(configuration.GetSection(MqttOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>());
        return services;
    }
}
