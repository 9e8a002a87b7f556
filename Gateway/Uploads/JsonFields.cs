using System.Text.Json;
using IngestionCluster.Gateway.Errors;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>Parses client JSON that must be an object (<c>meta</c>, LDO <c>metadata</c>): anything else is a 400.</summary>
internal static class JsonFields
{
    /// <summary>
    /// Deepest nesting a stored object may have. Responses wrap it in a few levels of their own, and their
    /// writer stops at 64: deeper metadata would be accepted once and then break every list that shows it.
    /// </summary>
    public const int MaxDepth = 32;

    public static JsonElement ParseObject(string text, string field)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw ApiProblems.BadRequest($"{field} is not valid JSON: {e.Message}");
        }
        using (document)
        {
            return OptionalObject(document.RootElement, field) is { } obj
                ? obj.Clone()
                : throw ApiProblems.BadRequest($"{field} must be a JSON object.");
        }
    }

    /// <summary>An optional object-valued field: absent or null gives null.</summary>
    public static JsonElement? OptionalObject(JsonElement? value, string field) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Object } element => DepthOf(element) <= MaxDepth ? element : throw TooDeep(field),
        _ => throw ApiProblems.BadRequest($"{field} must be a JSON object."),
    };

    private static ApiProblemException TooDeep(string field) => ApiProblems.BadRequest($"{field} nests deeper than {MaxDepth} levels.");

    private static int DepthOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(property => DepthOf(property.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(DepthOf).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    /// <summary>The property's value when present and not null.</summary>
    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;
}
