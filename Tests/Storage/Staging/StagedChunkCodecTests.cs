using System.Buffers.Binary;
using IngestionCluster.Storage.Staging;

namespace IngestionCluster.Tests.Storage.Staging;

public sealed class StagedChunkCodecTests
{
    private static readonly DateTimeOffset _receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_796_500_000_123);

    [Theory]
    [InlineData(17)]
    [InlineData(65_535)]
    [InlineData(null)]
    public void A_chunk_reads_back_as_it_was_staged(int? deliveryId)
    {
        var chunk = new StagedChunk(3, 15, [1, 2, 3, 4, 5], _receivedAt, deliveryId);

        var read = StagedChunkCodec.Decode(3, StagedChunkCodec.Encode(chunk));

        Assert.Equal((chunk.Index, chunk.Total, chunk.ReceivedAt, chunk.DeliveryId), (read.Index, read.Total, read.ReceivedAt, read.DeliveryId));
        Assert.Equal(chunk.Data, read.Data);
    }

    [Fact]
    public void A_chunk_staged_before_packet_ids_were_kept_still_reads()
    {
        // Total, then received-at, then the data: the layout of earlier versions, still in Redis during an upgrade.
        byte[] data = [9, 8, 7];
        var value = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32LittleEndian(value, 15);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(4), _receivedAt.ToUnixTimeMilliseconds());
        data.CopyTo(value.AsSpan(12));

        var read = StagedChunkCodec.Decode(2, value);

        Assert.Equal((2, 15, _receivedAt, (int?)null), (read.Index, read.Total, read.ReceivedAt, read.DeliveryId));
        Assert.Equal(data, read.Data);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(14)]
    public void A_value_shorter_than_its_header_is_refused(int length)
    {
        var value = StagedChunkCodec.Encode(new StagedChunk(0, 15, [1], _receivedAt, 7))[..length];

        Assert.Throws<InvalidDataException>(() => StagedChunkCodec.Decode(0, value));
    }
}
