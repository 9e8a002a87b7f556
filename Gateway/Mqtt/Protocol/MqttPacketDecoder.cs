using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>
/// Incremental, bounded MQTT 3.1.1 decoder. <see cref="TryDecode"/> takes whatever bytes have arrived:
/// it returns false while a packet is incomplete and consumes nothing, and it rejects a packet whose
/// header announces more than <see cref="MaxPacketBytes"/> before any of its body arrives, so a caller
/// never buffers more than one maximum-size packet. Malformed bytes raise <see cref="MqttProtocolException"/>
/// and nothing else.
/// </summary>
public sealed class MqttPacketDecoder
{
    /// <summary>The smallest limit allowed: enough for every fixed-size packet.</summary>
    public const int MinMaxPacketBytes = 16;

    public MqttPacketDecoder(int maxPacketBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketBytes, MinMaxPacketBytes);
        MaxPacketBytes = maxPacketBytes;
    }

    /// <summary>Largest whole packet (fixed header included) accepted.</summary>
    public int MaxPacketBytes { get; }

    /// <summary>
    /// Decodes the first packet of <paramref name="buffer"/> and slices it off. Returns false, leaving
    /// <paramref name="buffer"/> as it was, when the packet has not fully arrived yet.
    /// </summary>
    public bool TryDecode(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out MqttPacket? packet)
    {
        packet = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var first))
        {
            return false;
        }
        MqttPacketParser.ValidateFirstByte(first);
        if (!MqttRemainingLength.TryRead(ref reader, out var remaining))
        {
            return false;
        }
        var headerBytes = (int)reader.Consumed;
        if ((long)headerBytes + remaining > MaxPacketBytes)
        {
            throw new MqttProtocolException(
                $"packet too large: {((MqttPacketType)(first >> 4)).Name()} of {headerBytes + (long)remaining} bytes exceeds the limit of {MaxPacketBytes} bytes");
        }
        if (reader.Remaining < remaining)
        {
            return false;
        }
        var body = buffer.Slice(headerBytes, remaining);
        packet = body.IsSingleSegment ? MqttPacketParser.Parse(first, body.FirstSpan) : ParseCopied(first, body);
        buffer = buffer.Slice(body.End);
        return true;
    }

    /// <summary>Decodes exactly one packet that fills <paramref name="bytes"/>; for tests and tools.</summary>
    public MqttPacket DecodeSingle(ReadOnlyMemory<byte> bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        if (!TryDecode(ref sequence, out var packet))
        {
            throw new MqttProtocolException($"incomplete packet: {bytes.Length} byte(s) do not hold a whole packet");
        }
        if (!sequence.IsEmpty)
        {
            throw new MqttProtocolException($"{sequence.Length} byte(s) follow the packet");
        }
        return packet;
    }

    private static MqttPacket ParseCopied(byte first, ReadOnlySequence<byte> body)
    {
        var length = (int)body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return MqttPacketParser.Parse(first, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
