using System.Text.Json;
using IngestionCluster.Gateway.Errors;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>
/// Parses client JSON that must be an object (<c>meta</c>, LDO <c>metadata</c>): anything else is a 400, and so is
/// text PostgreSQL's <c>jsonb</c> cannot hold (U+0000, an unpaired surrogate), which would otherwise be refused
/// only when the row is written: a 500 for an upload, a failed capture after its 202.
/// </summary>
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
        { ValueKind: JsonValueKind.Object } element => CheckedDepthOf(element, field) <= MaxDepth ? element : throw TooDeep(field),
        _ => throw ApiProblems.BadRequest($"{field} must be a JSON object."),
    };

    private static ApiProblemException TooDeep(string field) => ApiProblems.BadRequest($"{field} nests deeper than {MaxDepth} levels.");

    private static int CheckedDepthOf(JsonElement element, string field)
    {
        try
        {
            return DepthOf(element, field);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to decode a name or string with an unpaired surrogate escape such as "\ud800".
            throw NotStorable(field);
        }
    }

    /// <summary>How deep the value nests; on the way every name and string is checked to be storable text.</summary>
    private static int DepthOf(JsonElement element, string field) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject()
            .Select(property => StorableText(property.Name, field) + DepthOf(property.Value, field)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(item => DepthOf(item, field)).DefaultIfEmpty(0).Max(),
        JsonValueKind.String => StorableText(element.GetString()!, field),
        _ => 0,
    };

    /// <summary>Zero, so that it adds nothing to a depth; throws for text with U+0000 (an unpaired surrogate never gets here: reading it throws).</summary>
    private static int StorableText(string text, string field) =>
        text.Contains('\0', StringComparison.Ordinal) ? throw NotStorable(field) : 0;

    private static ApiProblemException NotStorable(string field) =>
        ApiProblems.BadRequest($"{field} holds text that cannot be stored: U+0000 or an unpaired surrogate (\\u0000, \\ud800).");

    /// <summary>The property's value when present and not null.</summary>
    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;
}
