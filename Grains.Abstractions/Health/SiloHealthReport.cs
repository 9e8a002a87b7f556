using Orleans;

namespace IngestionCluster.Grains.Abstractions.Health;

/// <summary>What the silo that answered found: its name, and each store it checked with a problem or null.</summary>
[GenerateSerializer, Alias("ic.SiloHealthReport")]
public sealed record SiloHealthReport([Id(0)] string Silo, [Id(1)] IReadOnlyDictionary<string, string?> Stores)
{
    public bool Healthy => Stores.Values.All(problem => problem is null);
}
