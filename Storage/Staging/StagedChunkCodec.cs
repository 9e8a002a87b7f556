using System.Buffers.Binary;

namespace IngestionCluster.Storage.Staging;

/// <summary>A staged chunk as one Redis value: total (4 bytes), received-at Unix milliseconds (8 bytes), then the data.</summary>
internal static class StagedChunkCodec
{
    private const int HeaderSize = 12;

    public static byte[] Encode(StagedChunk chunk)
    {
        var value = new byte[HeaderSize + chunk.Data.Length];
        BinaryPrimitives.WriteInt32LittleEndian(value, chunk.Total);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(4), chunk.ReceivedAt.ToUnixTimeMilliseconds());
        chunk.Data.CopyTo(value.AsSpan(HeaderSize));
        return value;
    }

    public static StagedChunk Decode(int index, ReadOnlySpan<byte> value)
    {
        if (value.Length < HeaderSize)
        {
            throw new InvalidDataException($"Staged chunk {index} is {value.Length} bytes long, shorter than its header.");
        }
        return new StagedChunk(index, BinaryPrimitives.ReadInt32LittleEndian(value),
            value[HeaderSize..].ToArray(), DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(value[4..])));
    }
}
