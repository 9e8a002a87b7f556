using System.Buffers.Binary;

namespace IngestionCluster.Storage.Staging;

/// <summary>
/// A staged chunk as one Redis value: total (4 bytes), received-at Unix milliseconds (8 bytes), the packet identifier
/// (4 bytes, -1 for none), then the data. The total carries <see cref="WithDeliveryId"/> so that values staged before the
/// identifier was kept (12-byte header, no identifier) still read.
/// </summary>
internal static class StagedChunkCodec
{
    private const int WithDeliveryId = 0x4000_0000;
    private const int EarlierHeaderSize = 12;
    private const int HeaderSize = 16;
    private const int NoDeliveryId = -1;

    public static byte[] Encode(StagedChunk chunk)
    {
        var value = new byte[HeaderSize + chunk.Data.Length];
        BinaryPrimitives.WriteInt32LittleEndian(value, chunk.Total | WithDeliveryId);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(4), chunk.ReceivedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(12), chunk.DeliveryId ?? NoDeliveryId);
        chunk.Data.CopyTo(value.AsSpan(HeaderSize));
        return value;
    }

    public static StagedChunk Decode(int index, ReadOnlySpan<byte> value)
    {
        var total = value.Length >= EarlierHeaderSize ? BinaryPrimitives.ReadInt32LittleEndian(value) : 0;
        var headerSize = (total & WithDeliveryId) != 0 ? HeaderSize : EarlierHeaderSize;
        if (value.Length < headerSize)
        {
            throw new InvalidDataException($"Staged chunk {index} is {value.Length} bytes long, shorter than its header.");
        }
        var receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(value[4..]));
        var deliveryId = headerSize == HeaderSize ? BinaryPrimitives.ReadInt32LittleEndian(value[12..]) : NoDeliveryId;
        return new StagedChunk(index, total & ~WithDeliveryId, value[headerSize..].ToArray(), receivedAt,
            deliveryId == NoDeliveryId ? null : deliveryId);
    }
}
