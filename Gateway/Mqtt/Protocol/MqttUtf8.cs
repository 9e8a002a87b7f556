using System.Text;
using System.Text.Unicode;

namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>
/// UTF-8 encoded strings of MQTT (spec 1.5.3): a two-byte big-endian length, then at most 65,535 bytes
/// of well-formed UTF-8 (no surrogate code points, no overlong forms) that never encode U+0000.
/// </summary>
public static class MqttUtf8
{
    public const int MaxBytes = ushort.MaxValue;

    private static readonly UTF8Encoding _strictEncoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes string bytes, or throws <see cref="MqttProtocolException"/> naming <paramref name="field"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string field)
    {
        if (!Utf8.IsValid(bytes))
        {
            throw new MqttProtocolException($"malformed {field}: not well-formed UTF-8");
        }
        if (bytes.Contains((byte)0))
        {
            throw new MqttProtocolException($"malformed {field}: contains the null character U+0000");
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Encoded byte count of <paramref name="value"/>; throws <see cref="ArgumentException"/> when it could
    /// not be sent (lone surrogate, U+0000, or longer than 65,535 bytes).
    /// </summary>
    public static int ByteCountForSending(string value, string field)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field} must not contain the null character U+0000", field);
        }
        int count;
        try
        {
            count = _strictEncoding.GetByteCount(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException($"{field} is not valid Unicode (lone surrogate)", field, ex);
        }
        if (count > MaxBytes)
        {
            throw new ArgumentException($"{field} is {count} bytes in UTF-8; MQTT allows at most {MaxBytes}", field);
        }
        return count;
    }
}
