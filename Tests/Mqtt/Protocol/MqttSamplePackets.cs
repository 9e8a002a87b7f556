using System.Text;
using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Tests.Mqtt.Protocol;

/// <summary>One valid packet of every type (several variants of the rich ones), for round trips and fuzzing.</summary>
internal static class MqttSamplePackets
{
    public static IReadOnlyList<MqttPacket> All { get; } =
    [
        new ConnectPacket("ingest-gateway-a", CleanSession: false, KeepAliveSeconds: 30),
        new ConnectPacket("", CleanSession: true, KeepAliveSeconds: 0),
        new ConnectPacket("cam-ø-1", false, 65535, "user", Encoding.UTF8.GetBytes("secret"),
            new MqttWill("camera/cam-1/status", Encoding.UTF8.GetBytes("offline"), MqttQualityOfService.AtLeastOnce, Retain: true)),
        new ConnectPacket("c", true, 10, UserName: "only-user"),
        new ConnAckPacket(SessionPresent: true, MqttConnectReturnCode.Accepted),
        new ConnAckPacket(false, MqttConnectReturnCode.BadUserNameOrPassword),
        new PublishPacket("camera/cam-1/image_json", Encoding.UTF8.GetBytes("{\"id\":\"s1\",\"index\":0}")),
        new PublishPacket("camera/cam-1/image_json", new byte[300], MqttQualityOfService.AtLeastOnce, 7, Retain: true, Duplicate: true),
        new PublishPacket("a", ReadOnlyMemory<byte>.Empty, MqttQualityOfService.ExactlyOnce, 65535),
        new PublishPacket("日本/カメラ", new byte[] { 0, 1, 2 }, MqttQualityOfService.AtLeastOnce, 1),
        new PubAckPacket(1),
        new PubRecPacket(2),
        new PubRelPacket(3),
        new PubCompPacket(65535),
        new SubscribePacket(10, [new MqttTopicSubscription("camera/+/image_json", MqttQualityOfService.AtLeastOnce)]),
        new SubscribePacket(11, [
            new MqttTopicSubscription("$share/gw/camera/+/image_json", MqttQualityOfService.AtLeastOnce),
            new MqttTopicSubscription("#", MqttQualityOfService.AtMostOnce),
            new MqttTopicSubscription("a/b/#", MqttQualityOfService.ExactlyOnce),
        ]),
        new SubAckPacket(10, [MqttSubAckReturnCode.GrantedAtLeastOnce]),
        new SubAckPacket(11, [MqttSubAckReturnCode.GrantedAtLeastOnce, MqttSubAckReturnCode.Failure, MqttSubAckReturnCode.GrantedExactlyOnce, MqttSubAckReturnCode.GrantedAtMostOnce]),
        new UnsubscribePacket(12, ["camera/+/image_json", "x/#"]),
        new UnsubAckPacket(12),
        PingReqPacket.Instance,
        PingRespPacket.Instance,
        DisconnectPacket.Instance,
    ];

    public static TheoryData<int> Indexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < All.Count; i++)
        {
            data.Add(i);
        }
        return data;
    }

    /// <summary>Every field of a packet as text, payloads and lists included (record ToString shows neither).</summary>
    public static string Describe(MqttPacket packet) => packet switch
    {
        ConnectPacket p => $"CONNECT {p.ClientId}|{p.CleanSession}|{p.KeepAliveSeconds}|{p.UserName ?? "-"}|{Hex(p.Password)}|" +
            (p.Will is { } w ? $"{w.Topic}|{Hex(w.Message)}|{w.Qos}|{w.Retain}" : "no will"),
        ConnAckPacket p => $"CONNACK {p.SessionPresent}|{p.ReturnCode}",
        PublishPacket p => $"PUBLISH {p.Topic}|{Hex(p.Payload)}|{p.Qos}|{p.PacketId}|{p.Retain}|{p.Duplicate}",
        SubscribePacket p => $"SUBSCRIBE {p.PacketId}|{string.Join(",", p.Subscriptions.Select(s => $"{s.TopicFilter}:{s.Qos}"))}",
        SubAckPacket p => $"SUBACK {p.PacketId}|{string.Join(",", p.ReturnCodes)}",
        UnsubscribePacket p => $"UNSUBSCRIBE {p.PacketId}|{string.Join(",", p.TopicFilters)}",
        _ => packet.ToString(),
    };

    private static string Hex(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Convert.ToHexString(b.Span) : "-";
}
