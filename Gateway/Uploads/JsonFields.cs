using System.Text.Json;
using IngestionCluster.Gateway.Errors;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>Parses client JSON that must be an object (<c>meta</c>, LDO <c>metadata</c>): anything else is a 400.</summary>
internal static class JsonFields
{
    private static readonly JsonDocumentOptions _options = new() { MaxDepth = 64 };

    public static JsonElement ParseObject(string text, string field)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, _options);
        }
        catch (JsonException e)
        {
            throw ApiProblems.BadRequest($"{field} is not valid JSON: {e.Message}");
        }
        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw ApiProblems.BadRequest($"{field} must be a JSON object.");
        }
    }

    /// <summary>An optional object-valued field: absent or null gives null.</summary>
    public static JsonElement? OptionalObject(JsonElement? value, string field) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Object } element => element,
        _ => throw ApiProblems.BadRequest($"{field} must be a JSON object."),
    };

    /// <summary>The property's value when present and not null.</summary>
    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;
}
