using System.Buffers;

namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>
/// The variable byte integer of the fixed header (spec 2.2.3): 7 bits per byte, low group first, at
/// most four bytes, so at most 268,435,455. Decoding also rejects non-minimal encodings (a trailing
/// zero group such as <c>80 00</c>), which a conforming sender never produces.
/// </summary>
public static class MqttRemainingLength
{
    public const int MaxValue = 268_435_455;
    public const int MaxBytes = 4;

    /// <summary>How many bytes <paramref name="value"/> takes when encoded.</summary>
    public static int SizeOf(int value) => value switch
    {
        < 0 or > MaxValue => throw new ArgumentOutOfRangeException(nameof(value), value, $"remaining length must be between 0 and {MaxValue}"),
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(int value, Span<byte> destination)
    {
        var size = SizeOf(value);
        for (var i = 0; i < size; i++)
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            destination[i] = value > 0 ? (byte)(digit | 0x80) : digit;
        }
        return size;
    }

    /// <summary>
    /// Reads the remaining length that follows the first header byte. Returns false when more bytes are
    /// needed; throws <see cref="MqttProtocolException"/> for a fifth length byte or a non-minimal encoding.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out int value)
    {
        value = 0;
        var multiplier = 1;
        for (var i = 0; i < MaxBytes; i++)
        {
            if (!reader.TryRead(out var encoded))
            {
                return false;
            }
            if (encoded == 0 && i > 0)
            {
                throw new MqttProtocolException($"malformed remaining length: byte {i + 1} is a zero continuation (non-minimal encoding)");
            }
            value += (encoded & 0x7F) * multiplier;
            if ((encoded & 0x80) == 0)
            {
                return true;
            }
            multiplier *= 128;
        }
        throw new MqttProtocolException("malformed remaining length: more than four bytes");
    }
}
