using Orleans;

namespace IngestionCluster.Grains.Abstractions.Serialization;

/// <summary>How a <see cref="System.Text.Json.JsonElement"/> (a client's free-form metadata) travels between gateway and silos: as its raw JSON text.</summary>
[GenerateSerializer, Alias("ic.JsonElementSurrogate")]
public struct JsonElementSurrogate
{
    [Id(0)]
    public string Json;
}
