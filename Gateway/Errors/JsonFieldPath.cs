using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// A JSON path as System.Text.Json reports it in a <see cref="JsonException"/> (<c>$.persist.mode</c>,
/// <c>$.files[1]</c>, <c>$['odd key']</c>), followed through a request body's type to the field it names.
/// </summary>
internal sealed class JsonFieldPath
{
    private readonly IReadOnlyList<string?> _segments;

    private JsonFieldPath(IReadOnlyList<string?> segments) => _segments = segments;

    /// <summary>The field as a client reads it: <c>persist.mode</c>, <c>files[1]</c>, <c>meta['a.b']</c>; empty for the whole body.</summary>
    public string Field { get; private init; } = string.Empty;

    public bool IsRoot => _segments.Count == 0;

    /// <summary>A field of the body itself, not of an object or array inside it.</summary>
    public bool IsTopLevel => _segments.Count == 1;

    /// <summary>Null when the text is not such a path.</summary>
    public static JsonFieldPath? Parse(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return null;
        }
        var segments = new List<string?>();
        var field = new StringBuilder();
        void AddName(string name)
        {
            segments.Add(name);
            field.Append(field.Length == 0 ? name : $".{name}");
        }
        var at = 1;
        while (at < path.Length)
        {
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1);
                end = end < 0 ? path.Length : end;
                AddName(path[(at + 1)..end]);
                at = end;
            }
            else if (path.AsSpan(at).StartsWith("['"))
            {
                var end = path.IndexOf("']", at + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }
                // A name that needed brackets keeps them, so that a dot in it does not read as nesting.
                segments.Add(path[(at + 2)..end]);
                field.Append(path[at..(end + 2)]);
                at = end + 2;
            }
            else if (path[at] == '[')
            {
                var end = path.IndexOf(']', at);
                if (end < 0)
                {
                    return null;
                }
                segments.Add(null);
                field.Append(path[at..(end + 1)]);
                at = end + 1;
            }
            else
            {
                return null;
            }
        }
        return new JsonFieldPath(segments) { Field = field.ToString() };
    }

    /// <summary>Follows the path from <paramref name="body"/> to what it names.</summary>
    public JsonFieldLookup Resolve(Type body, JsonSerializerOptions options)
    {
        var info = options.GetTypeInfo(body);
        for (var i = 0; i < _segments.Count; i++)
        {
            var segment = _segments[i];
            Type? next;
            if (segment is null || info.Kind == JsonTypeInfoKind.Dictionary)
            {
                next = info.Kind is JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary ? info.ElementType : null;
            }
            else if (info.Kind == JsonTypeInfoKind.Object)
            {
                var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
                if (property is null)
                {
                    return i == _segments.Count - 1 ? new JsonFieldLookup(null, info) : default;
                }
                next = property.PropertyType;
            }
            else
            {
                next = null;
            }
            if (next is null)
            {
                return default;
            }
            info = options.GetTypeInfo(Nullable.GetUnderlyingType(next) ?? next);
        }
        return new JsonFieldLookup(info.Type, null);
    }
}
