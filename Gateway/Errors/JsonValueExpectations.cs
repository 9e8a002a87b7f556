using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IngestionCluster.Gateway.Errors;

/// <summary>What a field of a given type takes, in the words of the API's documentation rather than .NET's.</summary>
internal static class JsonValueExpectations
{
    private const string DateAndTime = "a date and time in ISO 8601, such as 2025-06-01T12:00:00Z";

    public static string Of(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            // The names the type's own converter writes, so they are the ones it reads.
            var names = Enum.GetValues(type).Cast<object>().Select(value => JsonSerializer.Serialize(value, type, options)).Distinct();
            return $"one of {string.Join(", ", names)}";
        }
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "true or false",
            TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 =>
                "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.DateTime => DateAndTime,
            _ when type == typeof(DateTimeOffset) => DateAndTime,
            _ when type == typeof(TimeSpan) => "a duration such as 00:05:00",
            _ when type == typeof(Guid) => "a UUID",
            _ => options.GetTypeInfo(type).Kind switch
            {
                JsonTypeInfoKind.Enumerable => "a JSON array",
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "a JSON object",
                _ => "a value of another kind",
            },
        };
    }
}
