using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace IngestionCluster.Bench.RawEcho;

/// <summary>The raw echo's wire format: a 4-byte little-endian length, then that many bytes.</summary>
public static class EchoFrame
{
    private const int HeaderBytes = 4;

    public static void Write(PipeWriter writer, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(HeaderBytes + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length);
        payload.CopyTo(span[HeaderBytes..]);
        writer.Advance(HeaderBytes + payload.Length);
    }

    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/>, or returns false when it has not fully arrived.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderBytes)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[HeaderBytes];
        buffer.Slice(0, HeaderBytes).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (buffer.Length < HeaderBytes + length)
        {
            return false;
        }
        payload = buffer.Slice(HeaderBytes, length);
        buffer = buffer.Slice(HeaderBytes + length);
        return true;
    }
}
