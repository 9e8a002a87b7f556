using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace IngestionCluster.Runtime.Invocation;

/// <summary>
/// JSON for everything the runtime puts on the wire or in the database: call arguments, results and
/// grain state. Source-generated contexts registered by the application come first; reflection is the
/// fallback so that ad-hoc records still work.
/// </summary>
public sealed class RuntimeSerializer
{
    public RuntimeSerializer(IEnumerable<JsonSerializerContext> contexts)
    {
        var resolvers = contexts.Select(c => (IJsonTypeInfoResolver)c).Append(new DefaultJsonTypeInfoResolver()).ToArray();
        Options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(resolvers),
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        Options.MakeReadOnly();
    }

    public JsonSerializerOptions Options { get; }

    public byte[] WriteArguments(object?[] arguments, Type[] types)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < types.Length; i++)
            {
                JsonSerializer.Serialize(writer, arguments[i], types[i], Options);
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public object?[] ReadArguments(ReadOnlySpan<byte> json, Type[] types)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Call arguments must be a JSON array.");
        }
        var arguments = new object?[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new JsonException($"Expected {types.Length} call arguments, got {i}.");
            }
            arguments[i] = JsonSerializer.Deserialize(ref reader, types[i], Options);
        }
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException($"Expected {types.Length} call arguments, got more.");
        }
        return arguments;
    }

    public byte[] WriteValue(object? value, Type? type) =>
        type is null ? [] : JsonSerializer.SerializeToUtf8Bytes(value, type, Options);

    public object? ReadValue(ReadOnlySpan<byte> json, Type? type) =>
        type is null || json.IsEmpty ? null : JsonSerializer.Deserialize(json, type, Options);

    public byte[] Write<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, typeof(T), Options);

    public T? Read<T>(ReadOnlySpan<byte> json) => (T?)JsonSerializer.Deserialize(json, typeof(T), Options);
}
