using System.Text.Json;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Serialization;

/// <summary>Lets Orleans serialize <see cref="JsonElement"/> through <see cref="JsonElementSurrogate"/>.</summary>
[RegisterConverter]
public sealed class JsonElementSurrogateConverter : IConverter<JsonElement, JsonElementSurrogate>
{
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate)
    {
        using var document = JsonDocument.Parse(surrogate.Json);
        return document.RootElement.Clone();
    }

    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) => new() { Json = value.GetRawText() };
}
