using System.Buffers;
using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Tests.Mqtt.Protocol;

public sealed class MqttCodecRoundTripTests
{
    private readonly MqttPacketDecoder _decoder = new(1024 * 1024);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_packet_type_survives_encode_then_decode(int sample)
    {
        var packet = MqttSamplePackets.All[sample];
        var bytes = MqttPacketEncoder.Encode(packet);

        var decoded = _decoder.DecodeSingle(bytes);

        Assert.Equal(packet.Type, decoded.Type);
        Assert.Equal(MqttSamplePackets.Describe(packet), MqttSamplePackets.Describe(decoded));
        Assert.Equal(bytes, MqttPacketEncoder.Encode(decoded));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Decoder_gives_the_same_packet_whatever_the_segment_boundaries(int sample)
    {
        var bytes = MqttPacketEncoder.Encode(MqttSamplePackets.All[sample]);
        var expected = MqttSamplePackets.Describe(_decoder.DecodeSingle(bytes));

        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var sequence = SegmentedSequence.Split(bytes, cut, cut + 1, cut + 3);
            Assert.True(_decoder.TryDecode(ref sequence, out var decoded));
            Assert.True(sequence.IsEmpty);
            Assert.Equal(expected, MqttSamplePackets.Describe(decoded));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Decoder_waits_for_more_data_on_every_prefix_of_a_packet(int sample)
    {
        var bytes = MqttPacketEncoder.Encode(MqttSamplePackets.All[sample]);

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(_decoder.TryDecode(ref prefix, out _));
            Assert.Equal(length, prefix.Length); // nothing consumed
        }
    }

    [Fact]
    public void Decoder_reads_back_to_back_packets_one_at_a_time()
    {
        var stream = MqttSamplePackets.All.SelectMany(MqttPacketEncoder.Encode).ToArray();
        var sequence = new ReadOnlySequence<byte>(stream);
        var decoded = new List<string>();

        while (_decoder.TryDecode(ref sequence, out var packet))
        {
            decoded.Add(MqttSamplePackets.Describe(packet));
        }

        Assert.True(sequence.IsEmpty);
        Assert.Equal(MqttSamplePackets.All.Select(MqttSamplePackets.Describe), decoded);
    }

    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(2_097_151, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(2_097_152, new byte[] { 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(268_435_455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void Remaining_length_uses_the_specs_encoding_at_every_boundary(int value, byte[] expected)
    {
        var buffer = new byte[4];
        var written = MqttRemainingLength.Write(value, buffer);
        Assert.Equal(expected, buffer[..written]);

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(expected));
        Assert.True(MqttRemainingLength.TryRead(ref reader, out var decoded));
        Assert.Equal(value, decoded);
    }

    [Fact]
    public void Connect_is_encoded_as_in_the_spec_example()
    {
        // Spec 3.1.2.10 figure: protocol name "MQTT", level 4, flags, keep alive 10.
        var bytes = MqttPacketEncoder.Encode(new ConnectPacket("a", CleanSession: true, KeepAliveSeconds: 10, "u", "p"u8.ToArray()));

        Assert.Equal(
            new byte[] { 0x10, 0x13, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0xC2, 0x00, 0x0A, 0x00, 0x01, (byte)'a', 0x00, 0x01, (byte)'u', 0x00, 0x01, (byte)'p' },
            bytes);
    }

    [Fact]
    public void Connect_never_shows_the_password_in_text()
    {
        var connect = new ConnectPacket("c", false, 30, "user", "hunter2"u8.ToArray());

        Assert.DoesNotContain("hunter2", connect.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", connect.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<int> Samples() => MqttSamplePackets.Indexes();
}
