using System.Buffers;
using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Tests.Mqtt.Protocol;

public sealed class MqttDecoderTests
{
    private readonly MqttPacketDecoder _decoder = new(1024);

    [Fact]
    public void Decoder_rejects_remaining_length_over_four_bytes()
    {
        var error = Reject(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        Assert.Contains("more than four bytes", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x80, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x85, 0x80, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x80, 0x80, 0x80, 0x00 })]
    public void Decoder_rejects_non_minimal_remaining_length(byte[] bytes)
    {
        Assert.Contains("non-minimal", Reject(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_a_packet_over_the_size_limit_from_its_header_alone()
    {
        // Only the fixed header has arrived: 268 MB announced, limit 1 KiB.
        var error = Reject(0x30, 0xFF, 0xFF, 0xFF, 0x7F);
        Assert.Contains("exceeds the limit of 1024 bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_accepts_a_packet_of_exactly_the_size_limit()
    {
        var decoder = new MqttPacketDecoder(100);
        var packet = new PublishPacket("t", new byte[100 - 2 - 3]); // header 2 bytes, topic 3 bytes
        var bytes = MqttPacketEncoder.Encode(packet);
        Assert.Equal(100, bytes.Length);

        Assert.IsType<PublishPacket>(decoder.DecodeSingle(bytes));
        Assert.Throws<MqttProtocolException>(() => decoder.DecodeSingle(MqttPacketEncoder.Encode(packet with { Payload = new byte[96] })));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xF0)]
    public void Decoder_rejects_reserved_packet_types(byte first)
    {
        Assert.Contains("reserved", Reject(first, 0x00), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x11)] // CONNECT
    [InlineData(0x28)] // CONNACK
    [InlineData(0x41)] // PUBACK
    [InlineData(0x52)] // PUBREC
    [InlineData(0x60)] // PUBREL needs 0010
    [InlineData(0x63)]
    [InlineData(0x72)] // PUBCOMP
    [InlineData(0x80)] // SUBSCRIBE needs 0010
    [InlineData(0x8A)]
    [InlineData(0x91)] // SUBACK
    [InlineData(0xA0)] // UNSUBSCRIBE needs 0010
    [InlineData(0xB4)] // UNSUBACK
    [InlineData(0xC1)] // PINGREQ
    [InlineData(0xD8)] // PINGRESP
    [InlineData(0xE2)] // DISCONNECT
    public void Decoder_rejects_wrong_reserved_flag_bits(byte first)
    {
        Assert.Contains("reserved header flags", Reject(first, 0x02, 0x00, 0x01), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x36)]
    [InlineData(0x3F)]
    public void Decoder_rejects_publish_with_qos_3(byte first)
    {
        Assert.Contains("QoS 3", Reject(first, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x01), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_qos_0_publish_with_the_dup_flag()
    {
        Assert.Contains("DUP", Reject(0x38, 0x03, 0x00, 0x01, (byte)'t'), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x32, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x00 })] // PUBLISH QoS 1
    [InlineData(new byte[] { 0x34, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x00 })] // PUBLISH QoS 2
    [InlineData(new byte[] { 0x40, 0x02, 0x00, 0x00 })] // PUBACK
    [InlineData(new byte[] { 0x50, 0x02, 0x00, 0x00 })] // PUBREC
    [InlineData(new byte[] { 0x62, 0x02, 0x00, 0x00 })] // PUBREL
    [InlineData(new byte[] { 0x70, 0x02, 0x00, 0x00 })] // PUBCOMP
    [InlineData(new byte[] { 0x82, 0x06, 0x00, 0x00, 0x00, 0x01, (byte)'t', 0x01 })] // SUBSCRIBE
    [InlineData(new byte[] { 0x90, 0x03, 0x00, 0x00, 0x01 })] // SUBACK
    [InlineData(new byte[] { 0xA2, 0x05, 0x00, 0x00, 0x00, 0x01, (byte)'t' })] // UNSUBSCRIBE
    [InlineData(new byte[] { 0xB0, 0x02, 0x00, 0x00 })] // UNSUBACK
    public void Decoder_rejects_packet_identifier_zero(byte[] bytes)
    {
        Assert.Contains("packet identifier 0", Reject(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_accepts_qos_0_publish_without_packet_identifier()
    {
        var packet = Assert.IsType<PublishPacket>(_decoder.DecodeSingle(new byte[] { 0x30, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x00 }));
        Assert.Equal(0, packet.PacketId);
        Assert.Equal(new byte[] { 0, 0 }, packet.Payload.ToArray()); // the two bytes are payload
    }

    [Fact]
    public void Decoder_rejects_a_string_containing_the_null_character()
    {
        Assert.Contains("U+0000", Reject(0x30, 0x05, 0x00, 0x03, (byte)'a', 0x00, (byte)'b'), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // encoded surrogate U+D800
    [InlineData(new byte[] { 0xE6, 0x97 })] // truncated sequence
    [InlineData(new byte[] { 0xFF })] // never valid
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    public void Decoder_rejects_ill_formed_utf8(byte[] topic)
    {
        byte[] bytes = [0x30, (byte)(2 + topic.Length), 0x00, (byte)topic.Length, .. topic];
        Assert.Contains("not well-formed UTF-8", Reject(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_accepts_characters_outside_the_basic_plane()
    {
        byte[] topic = [0xF0, 0x9F, 0x93, 0xB7]; // U+1F4F7 camera
        byte[] bytes = [0x30, (byte)(2 + topic.Length), 0x00, (byte)topic.Length, .. topic];
        Assert.Equal("\U0001F4F7", Assert.IsType<PublishPacket>(_decoder.DecodeSingle(bytes)).Topic);
    }

    [Theory]
    [InlineData("a/+")]
    [InlineData("#")]
    public void Decoder_rejects_publish_topic_with_wildcards(string topic)
    {
        byte[] bytes = [0x30, (byte)(2 + topic.Length), 0x00, (byte)topic.Length, .. System.Text.Encoding.UTF8.GetBytes(topic)];
        Assert.Contains("wildcard", Reject(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_publish_with_empty_topic()
    {
        Assert.Contains("at least one character", Reject(0x30, 0x02, 0x00, 0x00), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_a_string_longer_than_its_packet()
    {
        Assert.Contains("topic name needs 16 byte(s)", Reject(0x30, 0x04, 0x00, 0x10, (byte)'a', (byte)'b'), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_subscribe_without_topic_filters()
    {
        Assert.Contains("no topic filter", Reject(0x82, 0x02, 0x00, 0x01), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x03)]
    [InlineData(0x41)]
    [InlineData(0x80)]
    public void Decoder_rejects_subscribe_with_reserved_bits_or_qos_3(byte requested)
    {
        Assert.Contains("requested QoS", Reject(0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'t', requested), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a/b#")]
    [InlineData("a+/b")]
    [InlineData("$share/g")]
    [InlineData("$share/g+/t")]
    public void Decoder_rejects_invalid_topic_filters(string filter)
    {
        var encoded = System.Text.Encoding.UTF8.GetBytes(filter);
        byte[] bytes = [0x82, (byte)(5 + encoded.Length), 0x00, 0x01, 0x00, (byte)encoded.Length, .. encoded, 0x01];
        Reject(bytes);
    }

    [Fact]
    public void Decoder_rejects_suback_without_return_codes()
    {
        Assert.Contains("no return code", Reject(0x90, 0x02, 0x00, 0x01), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x03)]
    [InlineData(0x7F)]
    [InlineData(0x81)]
    public void Decoder_rejects_reserved_suback_return_codes(byte code)
    {
        Assert.Contains("reserved", Reject(0x90, 0x03, 0x00, 0x01, code), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_unsubscribe_without_topic_filters()
    {
        Assert.Contains("no topic filter", Reject(0xA2, 0x02, 0x00, 0x01), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(255)]
    public void Decoder_rejects_reserved_connack_return_codes(byte code)
    {
        Assert.Contains("reserved", Reject(0x20, 0x02, 0x00, code), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_connack_with_reserved_acknowledge_flags()
    {
        Assert.Contains("reserved acknowledge flags", Reject(0x20, 0x02, 0x02, 0x00), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_connack_with_session_present_on_a_refusal()
    {
        Assert.Contains("session present", Reject(0x20, 0x02, 0x01, 0x04), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x20, 0x03, 0x00, 0x00, 0x00 })] // CONNACK is 2 bytes
    [InlineData(new byte[] { 0x40, 0x03, 0x00, 0x01, 0x00 })] // PUBACK is 2 bytes
    [InlineData(new byte[] { 0xC0, 0x01, 0x00 })] // PINGREQ is empty
    [InlineData(new byte[] { 0xE0, 0x01, 0x00 })] // DISCONNECT is empty
    public void Decoder_rejects_trailing_bytes_in_fixed_size_packets(byte[] bytes)
    {
        Assert.Contains("unexpected byte(s)", Reject(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x20, 0x01, 0x00 })]
    [InlineData(new byte[] { 0x40, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x40, 0x00 })]
    public void Decoder_rejects_fixed_size_packets_that_are_too_short(byte[] bytes)
    {
        Assert.Contains("only", Reject(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_connect_with_another_protocol_name()
    {
        var bytes = Connect(name: "MQIsdp", level: 3, flags: 0x02);
        Assert.Contains("protocol name is 'MQIsdp'", Reject(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_rejects_connect_with_another_protocol_level()
    {
        Assert.Contains("protocol level 5", Reject(Connect(level: 5, flags: 0x02)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x03, "reserved connect flag")]
    [InlineData(0x42, "password flag set without the user name flag")]
    [InlineData(0x12, "without the will flag")]
    [InlineData(0x22, "without the will flag")]
    [InlineData(0x1E, "will QoS 3")]
    public void Decoder_rejects_connect_flags_the_spec_forbids(byte flags, string expected)
    {
        Assert.Contains(expected, Reject(Connect(flags: flags)), StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_error_names_the_packet_and_field()
    {
        var error = Reject(0x82, 0x05, 0x00, 0x01, 0x00, 0x01, (byte)'t'); // requested QoS byte missing
        Assert.Equal("malformed SUBSCRIBE: requested QoS needs 1 byte(s) but only 0 remain in the packet", error);
    }

    private static byte[] Connect(string name = "MQTT", byte level = 4, byte flags = 0x02)
    {
        var encodedName = System.Text.Encoding.ASCII.GetBytes(name);
        byte[] body = [0x00, (byte)encodedName.Length, .. encodedName, level, flags, 0x00, 0x1E, 0x00, 0x01, (byte)'c'];
        return [0x10, (byte)body.Length, .. body];
    }

    private string Reject(params byte[] bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        var error = Assert.Throws<MqttProtocolException>(() => _decoder.TryDecode(ref sequence, out _));
        return error.Message;
    }
}
