using System.Text;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>
/// Reads the spans out of an OTLP/protobuf <c>ExportTraceServiceRequest</c>, walking the protobuf wire format
/// for the few fields the tests look at (resource <c>service.name</c>, scope name, ids, span name).
/// </summary>
internal static class OtlpTraceDecoder
{
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    public static IReadOnlyList<OtlpSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        // ExportTraceServiceRequest.resource_spans = 1
        foreach (var resourceSpans in Fields(request, 1))
        {
            var service = string.Empty;
            // ResourceSpans.resource = 1, Resource.attributes = 1
            foreach (var resource in Fields(resourceSpans.Span, 1))
            {
                foreach (var attribute in Fields(resource.Span, 1))
                {
                    if (Text(attribute.Span, 1) == "service.name")
                    {
                        // KeyValue.value = 2, AnyValue.string_value = 1
                        service = Fields(attribute.Span, 2).Select(value => Text(value.Span, 1)).FirstOrDefault() ?? string.Empty;
                    }
                }
            }
            // ResourceSpans.scope_spans = 2
            foreach (var scopeSpans in Fields(resourceSpans.Span, 2))
            {
                // ScopeSpans.scope = 1 (InstrumentationScope.name = 1), ScopeSpans.spans = 2
                var scope = Fields(scopeSpans.Span, 1).Select(s => Text(s.Span, 1)).FirstOrDefault() ?? string.Empty;
                foreach (var span in Fields(scopeSpans.Span, 2))
                {
                    // Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5
                    spans.Add(new OtlpSpan(service, scope, Hex(span.Span, 1), Hex(span.Span, 2), Hex(span.Span, 4), Text(span.Span, 5)));
                }
            }
        }
        return spans;
    }

    private static string Hex(ReadOnlySpan<byte> message, int field) =>
        Fields(message, field).Select(value => Convert.ToHexStringLower(value.Span)).FirstOrDefault() ?? string.Empty;

    private static string Text(ReadOnlySpan<byte> message, int field) =>
        Fields(message, field).Select(value => Encoding.UTF8.GetString(value.Span)).FirstOrDefault() ?? string.Empty;

    /// <summary>The values of every length-delimited occurrence of <paramref name="field"/> in a message.</summary>
    private static List<ReadOnlyMemory<byte>> Fields(ReadOnlySpan<byte> message, int field)
    {
        var values = new List<ReadOnlyMemory<byte>>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case Varint:
                    ReadVarint(message, ref position);
                    break;
                case Fixed64:
                    position += 8;
                    break;
                case Fixed32:
                    position += 4;
                    break;
                case LengthDelimited:
                    var length = (int)ReadVarint(message, ref position);
                    if (number == field)
                    {
                        values.Add(message.Slice(position, length).ToArray());
                    }
                    position += length;
                    break;
                default:
                    throw new InvalidDataException($"unsupported protobuf wire type in field {number}");
            }
        }
        return values;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
