using System.Text;
using System.Text.Json;
using IngestionCluster.Gateway.Errors;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>
/// Parses client JSON that must be an object (<c>meta</c>, LDO <c>metadata</c>): anything else is a 400, and so is
/// what PostgreSQL's <c>jsonb</c> cannot hold (U+0000, an unpaired surrogate, a number too long written out in
/// full), which would otherwise be refused only when the row is written: a 500 for an upload, a failed capture
/// after its 202. The field's size limit holds for the JSON as stored, numbers written out (413).
/// </summary>
internal static class JsonFields
{
    /// <summary>
    /// Deepest nesting a stored object may have. Responses wrap it in a few levels of their own, and their
    /// writer stops at 64: deeper metadata would be accepted once and then break every list that shows it.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Longest number, written out in full as <c>jsonb</c> stores it. Every finite double fits (5e-324 takes 326
    /// characters, 1.7976931348623157e308 takes 309); <c>1e131071</c> would take 131,079, and <c>1e131072</c> or
    /// <c>1e-20000</c> PostgreSQL refuses outright.
    /// </summary>
    public const int MaxNumberLength = 400;

    public static JsonElement ParseObject(string text, string field, JsonSizeLimit limit)
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
            return OptionalObject(document.RootElement, field, limit) is { } obj
                ? obj.Clone()
                : throw ApiProblems.BadRequest($"{field} must be a JSON object.");
        }
    }

    /// <summary>
    /// An optional form field holding a JSON object: empty or only whitespace (<c>-F meta=</c>) is no object, as the
    /// seeds' <c>if meta:</c> had it; any other text is parsed as <see cref="ParseObject"/> does.
    /// </summary>
    public static JsonElement? ParseOptionalObject(string text, string field, JsonSizeLimit limit) =>
        string.IsNullOrWhiteSpace(text) ? null : ParseObject(text, field, limit);

    /// <summary>An optional object-valued field: absent or null gives null.</summary>
    public static JsonElement? OptionalObject(JsonElement? value, string field, JsonSizeLimit limit) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Object } element => Storable(element, field, limit),
        _ => throw ApiProblems.BadRequest($"{field} must be a JSON object."),
    };

    private static JsonElement Storable(JsonElement element, string field, JsonSizeLimit limit)
    {
        var size = Encoding.UTF8.GetByteCount(element.GetRawText());
        if (size > limit.MaxBytes)
        {
            throw TooLarge(field, limit, writtenOut: false);
        }
        var check = new StorableCheck(field);
        if (check.DepthOf(element) > MaxDepth)
        {
            throw ApiProblems.BadRequest($"{field} nests deeper than {MaxDepth} levels.");
        }
        return size + check.NumberGrowth > limit.MaxBytes ? throw TooLarge(field, limit, writtenOut: true) : element;
    }

    private static ApiProblemException TooLarge(string field, JsonSizeLimit limit, bool writtenOut) => ApiProblems.PayloadTooLarge(writtenOut
        ? $"{field} is larger than {limit.MaxBytes} bytes ({limit.Setting}) with its numbers written out in full, as PostgreSQL stores them (1e3 as 1000)."
        : $"{field} is larger than {limit.MaxBytes} bytes ({limit.Setting}).");

    /// <summary>The property's value when present and not null.</summary>
    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;

    /// <summary>One walk over a value: its depth, and how many bytes its numbers grow by when stored; throws for what cannot be stored.</summary>
    private sealed class StorableCheck(string field)
    {
        public long NumberGrowth { get; private set; }

        public int DepthOf(JsonElement element)
        {
            try
            {
                return Walk(element);
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json refuses to decode a name or string with an unpaired surrogate escape such as "\ud800".
                throw NotStorableText();
            }
        }

        private int Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var deepestProperty = 0;
                    foreach (var property in element.EnumerateObject())
                    {
                        CheckText(property.Name);
                        deepestProperty = Math.Max(deepestProperty, Walk(property.Value));
                    }
                    return 1 + deepestProperty;
                case JsonValueKind.Array:
                    var deepestItem = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        deepestItem = Math.Max(deepestItem, Walk(item));
                    }
                    return 1 + deepestItem;
                case JsonValueKind.String:
                    CheckText(element.GetString()!);
                    return 0;
                case JsonValueKind.Number:
                    CheckNumber(element.GetRawText());
                    return 0;
                default:
                    return 0;
            }
        }

        /// <summary>U+0000 is refused here; an unpaired surrogate never gets here: reading it throws.</summary>
        private void CheckText(string text)
        {
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw NotStorableText();
            }
        }

        private void CheckNumber(string number)
        {
            var stored = StoredNumberLength.Of(number);
            if (stored > MaxNumberLength)
            {
                var shown = number.Length > 40 ? $"{number[..40]}…" : number;
                throw ApiProblems.BadRequest(
                    $"{field} holds a number that cannot be stored: {shown} written out in full (without an exponent, as PostgreSQL stores it) takes more than {MaxNumberLength} characters.");
            }
            NumberGrowth += Math.Max(0, stored - number.Length);
        }

        private ApiProblemException NotStorableText() =>
            ApiProblems.BadRequest($"{field} holds text that cannot be stored: U+0000 or an unpaired surrogate (\\u0000, \\ud800).");
    }
}
