using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IngestionCluster.Gateway.Errors;

/// <summary>What a field of a given type takes, in the words of the API's documentation rather than .NET's.</summary>
internal static class JsonValueExpectations
{
    private const string DateAndTime = "a date and time in ISO 8601, such as 2025-06-01T12:00:00Z";

    /// <param name="sayIntegerBound">
    /// Whether a whole-number type says its largest value: when the value may have been a number too large for the field,
    /// which fails the same way as text does (a JSON body's value is not known here), "must be a whole number" would puzzle.
    /// </param>
    public static string Of(Type type, JsonSerializerOptions options, bool sayIntegerBound = true)
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
            TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64
                when !sayIntegerBound => "a whole number",
            TypeCode.SByte => WholeNumberUpTo(sbyte.MaxValue),
            TypeCode.Byte => WholeNumberUpTo(byte.MaxValue),
            TypeCode.Int16 => WholeNumberUpTo(short.MaxValue),
            TypeCode.UInt16 => WholeNumberUpTo(ushort.MaxValue),
            TypeCode.Int32 => WholeNumberUpTo(int.MaxValue),
            TypeCode.UInt32 => WholeNumberUpTo(uint.MaxValue),
            TypeCode.Int64 => WholeNumberUpTo(long.MaxValue),
            TypeCode.UInt64 => WholeNumberUpTo(ulong.MaxValue),
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

    private static string WholeNumberUpTo(IFormattable max) => $"a whole number up to {max.ToString(null, CultureInfo.InvariantCulture)}";
}
