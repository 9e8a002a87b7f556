using Microsoft.Extensions.Configuration;

namespace IngestionCluster.ServiceDefaults.Configuration;

internal sealed class SeedConfigurationProvider(SeedSettings settings) : ConfigurationProvider
{
    public override void Load() =>
        Data = settings.Values.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.OrdinalIgnoreCase);
}
