using Microsoft.Extensions.Configuration;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>The settings the seed services' variables stand for, as a configuration source.</summary>
public sealed class SeedConfigurationSource(SeedSettings settings) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SeedConfigurationProvider(settings);
}
