using System.Text.Json;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// Why a JSON request body did not bind, said as the API's documentation would say it: the field by its JSON path and
/// what it takes, instead of System.Text.Json's message, which names the .NET types behind the body.
/// </summary>
internal static class JsonBodyErrors
{
    /// <param name="body">The type the endpoint binds its body to; null when it is not known.</param>
    public static string Describe(JsonException exception, Type? body, JsonSerializerOptions options)
    {
        if (exception.InnerException is JsonException reader)
        {
            // The reader's own complaint: the text is not JSON at all.
            return $"The request body is not valid JSON: {reader.Message}";
        }
        var path = JsonFieldPath.Parse(exception.Path);
        var lookup = path is null || body is null ? default : path.Resolve(body, options);
        if (path is not null && lookup.UnknownIn is { } parent)
        {
            var fields = string.Join(", ", parent.Properties.Select(p => p.Name));
            return $"Unknown field {path.Field}: the fields {(path.IsTopLevel ? "of this request" : "there")} are {fields}.";
        }
        if (path is null || lookup.Type is not { } type)
        {
            return path is null || path.IsRoot ? "The request body does not fit this request." : $"{path.Field} has a value this request does not take.";
        }
        var expected = JsonValueExpectations.Of(type, options);
        return path.IsRoot ? $"The request body must be {expected}." : $"{path.Field} must be {expected}.";
    }
}
