using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Tests.Mqtt.Protocol;

public sealed class MqttEncoderTests
{
    public static TheoryData<MqttPacket, string> InvalidPackets() => new()
    {
        { new PublishPacket("t", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtLeastOnce, 0), "non-zero packet identifier" },
        { new PublishPacket("t", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, 5), "QoS 0 PUBLISH has no packet identifier" },
        { new PublishPacket("t", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.AtMostOnce, Duplicate: true), "no DUP flag" },
        { new PublishPacket("t", ReadOnlyMemory<byte>.Empty, (MqttQualityOfService)3, 1), "not a valid quality of service" },
        { new PublishPacket("a/+", ReadOnlyMemory<byte>.Empty), "wildcard" },
        { new PublishPacket("a\0b", ReadOnlyMemory<byte>.Empty), "U+0000" },
        { new PublishPacket("a\ud800", ReadOnlyMemory<byte>.Empty), "lone surrogate" },
        { new PublishPacket(new string('x', 65_536), ReadOnlyMemory<byte>.Empty), "at most 65535" },
        { new PubAckPacket(0), "non-zero packet identifier" },
        { new SubscribePacket(1, []), "at least one entry" },
        { new SubscribePacket(1, [new MqttTopicSubscription("a/#/b", MqttQualityOfService.AtLeastOnce)]), "'#' must be the last level" },
        { new SubAckPacket(1, [(MqttSubAckReturnCode)3]), "reserved" },
        { new UnsubscribePacket(0, ["a"]), "non-zero packet identifier" },
        { new ConnectPacket("c", true, 0, Password: new byte[] { 1 }), "needs a user name" },
    };

    [Theory]
    [MemberData(nameof(InvalidPackets))]
    public void Encoder_refuses_packets_that_would_break_the_spec(MqttPacket packet, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => MqttPacketEncoder.Encode(packet));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoder_writes_a_large_payload_with_a_multi_byte_remaining_length()
    {
        var bytes = MqttPacketEncoder.Encode(new PublishPacket("t", new byte[200_000], MqttQualityOfService.AtLeastOnce, 9));

        Assert.Equal(1 + 3 + 3 + 2 + 200_000, bytes.Length);
        Assert.Equal(0x32, bytes[0]);
    }
}
