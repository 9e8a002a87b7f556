using Orleans;

namespace IngestionCluster.Grains.Abstractions.Health;

/// <summary>A stateless worker a gateway calls to learn that it reaches a silo, and how that silo's stores are.</summary>
[Alias("ic.IClusterHealthGrain")]
public interface IClusterHealthGrain : IGrainWithStringKey
{
    [Alias("Check")]
    Task<SiloHealthReport> Check();
}
