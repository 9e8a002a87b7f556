using System.Reflection;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Serialization;

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
        if (path is null || body is null)
        {
            return DoesNotFit(path);
        }
        var lookup = path.Resolve(body, options);
        if (lookup.UnknownIn is not null && path.IsTopLevel
            && body.GetCustomAttributes<UnchangeableFieldAttribute>().FirstOrDefault(field => string.Equals(field.Name, path.Field, StringComparison.OrdinalIgnoreCase)) is { } unchangeable)
        {
            return $"{path.Field} cannot be changed: {unchangeable.Instead}.";
        }
        if (lookup.UnknownIn is { } parent)
        {
            var fields = string.Join(", ", parent.Properties.Select(p => p.Name));
            return $"Unknown field {path.Field}: the fields {(path.IsTopLevel ? "of this request" : "there")} are {fields}.";
        }
        if (lookup.Type is not { } type)
        {
            return DoesNotFit(path);
        }
        var expected = JsonValueExpectations.Of(type, options);
        return path.IsRoot ? $"The request body must be {expected}." : $"{path.Field} must be {expected}.";
    }

    /// <summary>When the field, or what it takes, cannot be told.</summary>
    private static string DoesNotFit(JsonFieldPath? path) =>
        path is null || path.IsRoot ? "The request body does not fit this request." : $"{path.Field} has a value this request does not take.";
}
