using System.Globalization;
using System.Text.Json;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.ServiceDefaults.Logging;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>
/// Reads <c>{"id":"cam-1","index":0,"total":15,"data":"&lt;base64&gt;","image_id":"optional"}</c> and
/// decodes <c>data</c>.
/// Ids may be JSON strings or integers (some firmware sends <c>"id": 1</c>), <c>index</c> and <c>total</c>
/// integers or strings of digits (the ThermoSense seed read both with Python's <c>int()</c>); unknown properties are
/// ignored, a known one given twice is refused (which of the two was meant cannot be told).
/// The topic's camera level names the camera, as it did for the seed: <c>id</c> is only read where the topic has no
/// camera level (the seed's own test publisher puts the image's id there). The camera id must pass <see cref="IdRules"/>.
/// </summary>
public static class ChunkPayloadParser
{
    public static ParsedChunk Parse(ReadOnlySpan<byte> payload, string? topicCameraId, DateTimeOffset receivedAt)
    {
        string? id = null, imageId = null;
        byte[]? data = null;
        int? index = null, total = null;
        var seen = 0;
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ParsedChunk.Rejected(BridgeRejection.NotJson, "the payload is not a JSON object");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "id":
                        FirstTime(ref seen, 1, name);
                        id = ReadId(ref reader);
                        break;
                    case "image_id":
                        FirstTime(ref seen, 2, name);
                        imageId = reader.TokenType == JsonTokenType.Null ? null : ReadId(ref reader);
                        break;
                    case "index":
                        FirstTime(ref seen, 4, name);
                        index = ReadInt(ref reader);
                        break;
                    case "total":
                        FirstTime(ref seen, 8, name);
                        total = ReadInt(ref reader);
                        break;
                    case "data":
                        FirstTime(ref seen, 16, name);
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            throw new FormatException("'data' must be a string");
                        }
                        // Decoded once, here, straight from the UTF-8 payload; the grains get bytes.
                        if (!reader.TryGetBytesFromBase64(out data))
                        {
                            return ParsedChunk.Rejected(BridgeRejection.InvalidBase64, "'data' is not valid base64");
                        }
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            return ParsedChunk.Rejected(BridgeRejection.NotJson, e.Message);
        }
        catch (FormatException e)
        {
            return ParsedChunk.Rejected(BridgeRejection.InvalidField, e.Message);
        }
        catch (InvalidOperationException e)
        {
            return ParsedChunk.Rejected(BridgeRejection.InvalidField, e.Message);
        }

        var cameraId = topicCameraId ?? id;
        var missing = new[] { ("id", cameraId is null), ("index", index is null), ("total", total is null), ("data", data is null) }
            .Where(f => f.Item2).Select(f => f.Item1).ToArray();
        if (missing.Length > 0)
        {
            return ParsedChunk.Rejected(BridgeRejection.MissingField, $"missing {string.Join(", ", missing)}");
        }
        if (!IdRules.IsValidCameraId(cameraId))
        {
            var source = topicCameraId is null ? "payload id" : "topic's camera level";
            return ParsedChunk.Rejected(BridgeRejection.InvalidCameraId, $"{source} '{LogSafe.Text(cameraId!, 80)}': {IdRules.Explain(cameraId, IdRules.MaxCameraIdLength) ?? "invalid"}");
        }
        return ParsedChunk.Ok(new ImageChunk(cameraId!, index!.Value, total!.Value, data!, imageId, receivedAt));
    }

    private static void FirstTime(ref int seen, int field, string name)
    {
        if ((seen & field) != 0)
        {
            throw new FormatException($"'{name}' is given twice");
        }
        seen |= field;
    }

    private static string ReadId(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Number when reader.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new FormatException("ids must be strings or integers"),
    };

    private static int ReadInt(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
        JsonTokenType.String when int.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException("'index' and 'total' must be integers"),
    };
}
