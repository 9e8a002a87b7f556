using System.Buffers;

namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>
/// Serialises packet records to MQTT 3.1.1 bytes. A record that could not be sent as valid MQTT
/// (packet identifier 0 where one is required, wildcard in a topic name, string over 65,535 bytes,
/// packet over the remaining-length limit, ...) raises <see cref="ArgumentException"/>: that is a
/// bug of the caller, not bad input from the network.
/// </summary>
public static class MqttPacketEncoder
{
    private const int BinaryMaxBytes = ushort.MaxValue;

    /// <summary>Writes <paramref name="packet"/> to <paramref name="writer"/>; returns the bytes written.</summary>
    public static int Encode(MqttPacket packet, IBufferWriter<byte> writer)
    {
        var body = BodySize(packet);
        if (body > MqttRemainingLength.MaxValue)
        {
            throw new ArgumentException($"{packet.Type.Name()} body of {body} bytes exceeds the MQTT limit of {MqttRemainingLength.MaxValue}", nameof(packet));
        }
        var total = 1 + MqttRemainingLength.SizeOf((int)body) + (int)body;
        var output = new MqttSpanWriter(writer.GetSpan(total));
        output.WriteByte(FirstByte(packet));
        output.WriteRemainingLength((int)body);
        WriteBody(packet, ref output);
        writer.Advance(total);
        return total;
    }

    /// <summary>The bytes of <paramref name="packet"/> in a new array.</summary>
    public static byte[] Encode(MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(packet, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte FirstByte(MqttPacket packet)
    {
        var type = (byte)((byte)packet.Type << 4);
        return packet switch
        {
            PublishPacket p => (byte)(type | (p.Duplicate ? 0x08 : 0) | ((byte)p.Qos << 1) | (p.Retain ? 0x01 : 0)),
            PubRelPacket or SubscribePacket or UnsubscribePacket => (byte)(type | 0x02),
            _ => type,
        };
    }

    private static long BodySize(MqttPacket packet) => packet switch
    {
        ConnectPacket p => ConnectSize(p),
        ConnAckPacket => 2,
        PublishPacket p => PublishSize(p),
        IPacketIdOnlyPacket p => PacketIdSize(p.PacketId, packet),
        SubscribePacket p => SubscribeSize(p),
        SubAckPacket p => SubAckSize(p),
        UnsubscribePacket p => UnsubscribeSize(p),
        PingReqPacket or PingRespPacket or DisconnectPacket => 0,
        _ => throw new ArgumentException($"unknown packet record {packet.GetType().Name}", nameof(packet)),
    };

    private static void WriteBody(MqttPacket packet, ref MqttSpanWriter output)
    {
        switch (packet)
        {
            case ConnectPacket p:
                WriteConnect(p, ref output);
                break;
            case ConnAckPacket p:
                output.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);
                output.WriteByte((byte)p.ReturnCode);
                break;
            case PublishPacket p:
                output.WriteString(p.Topic);
                if (p.Qos != MqttQualityOfService.AtMostOnce)
                {
                    output.WriteUInt16(p.PacketId);
                }
                output.WriteBytes(p.Payload.Span);
                break;
            case IPacketIdOnlyPacket p:
                output.WriteUInt16(p.PacketId);
                break;
            case SubscribePacket p:
                output.WriteUInt16(p.PacketId);
                foreach (var subscription in p.Subscriptions)
                {
                    output.WriteString(subscription.TopicFilter);
                    output.WriteByte((byte)subscription.Qos);
                }
                break;
            case SubAckPacket p:
                output.WriteUInt16(p.PacketId);
                foreach (var code in p.ReturnCodes)
                {
                    output.WriteByte((byte)code);
                }
                break;
            case UnsubscribePacket p:
                output.WriteUInt16(p.PacketId);
                foreach (var filter in p.TopicFilters)
                {
                    output.WriteString(filter);
                }
                break;
        }
    }

    private static long ConnectSize(ConnectPacket p)
    {
        if (p.Password is not null && p.UserName is null)
        {
            throw new ArgumentException("CONNECT with a password needs a user name (spec 3.1.2-22)", nameof(p));
        }
        long size = 2 + 4 + 1 + 1 + 2; // protocol name, level, flags, keep alive
        size += 2 + MqttUtf8.ByteCountForSending(p.ClientId, "client identifier");
        if (p.Will is { } will)
        {
            RequireQos(will.Qos, "will QoS");
            RequireTopicName(will.Topic);
            size += 2 + MqttUtf8.ByteCountForSending(will.Topic, "will topic") + 2 + BinaryLength(will.Message.Length, "will message");
        }
        if (p.UserName is not null)
        {
            size += 2 + MqttUtf8.ByteCountForSending(p.UserName, "user name");
        }
        if (p.Password is { } password)
        {
            size += 2 + BinaryLength(password.Length, "password");
        }
        return size;
    }

    private static void WriteConnect(ConnectPacket p, ref MqttSpanWriter output)
    {
        output.WriteString("MQTT");
        output.WriteByte(4);
        var flags = 0;
        if (p.UserName is not null)
        {
            flags |= 0x80;
        }
        if (p.Password is not null)
        {
            flags |= 0x40;
        }
        if (p.Will is { } will)
        {
            flags |= 0x04 | ((byte)will.Qos << 3) | (will.Retain ? 0x20 : 0);
        }
        if (p.CleanSession)
        {
            flags |= 0x02;
        }
        output.WriteByte((byte)flags);
        output.WriteUInt16(p.KeepAliveSeconds);
        output.WriteString(p.ClientId);
        if (p.Will is not null)
        {
            output.WriteString(p.Will.Topic);
            output.WriteBinary(p.Will.Message.Span);
        }
        if (p.UserName is not null)
        {
            output.WriteString(p.UserName);
        }
        if (p.Password is { } password)
        {
            output.WriteBinary(password.Span);
        }
    }

    private static long PublishSize(PublishPacket p)
    {
        RequireQos(p.Qos, "PUBLISH QoS");
        RequireTopicName(p.Topic);
        if (p.Qos == MqttQualityOfService.AtMostOnce)
        {
            if (p.PacketId != 0 || p.Duplicate)
            {
                throw new ArgumentException("a QoS 0 PUBLISH has no packet identifier and no DUP flag", nameof(p));
            }
            return 2L + MqttUtf8.ByteCountForSending(p.Topic, "topic name") + p.Payload.Length;
        }
        RequirePacketId(p.PacketId, p);
        return 4L + MqttUtf8.ByteCountForSending(p.Topic, "topic name") + p.Payload.Length;
    }

    private static long SubscribeSize(SubscribePacket p)
    {
        RequirePacketId(p.PacketId, p);
        RequireNotEmpty(p.Subscriptions.Count, p);
        long size = 2;
        foreach (var subscription in p.Subscriptions)
        {
            RequireTopicFilter(subscription.TopicFilter);
            RequireQos(subscription.Qos, "requested QoS");
            size += 2 + MqttUtf8.ByteCountForSending(subscription.TopicFilter, "topic filter") + 1;
        }
        return size;
    }

    private static long SubAckSize(SubAckPacket p)
    {
        RequirePacketId(p.PacketId, p);
        RequireNotEmpty(p.ReturnCodes.Count, p);
        foreach (var code in p.ReturnCodes)
        {
            if (code is not (MqttSubAckReturnCode.GrantedAtMostOnce or MqttSubAckReturnCode.GrantedAtLeastOnce
                or MqttSubAckReturnCode.GrantedExactlyOnce or MqttSubAckReturnCode.Failure))
            {
                throw new ArgumentException($"SUBACK return code {(byte)code:X2} is reserved", nameof(p));
            }
        }
        return 2 + p.ReturnCodes.Count;
    }

    private static long UnsubscribeSize(UnsubscribePacket p)
    {
        RequirePacketId(p.PacketId, p);
        RequireNotEmpty(p.TopicFilters.Count, p);
        long size = 2;
        foreach (var filter in p.TopicFilters)
        {
            RequireTopicFilter(filter);
            size += 2 + MqttUtf8.ByteCountForSending(filter, "topic filter");
        }
        return size;
    }

    private static long PacketIdSize(ushort packetId, MqttPacket packet)
    {
        RequirePacketId(packetId, packet);
        return 2;
    }

    private static void RequirePacketId(ushort packetId, MqttPacket packet)
    {
        if (packetId == 0)
        {
            throw new ArgumentException($"{packet.Type.Name()} needs a non-zero packet identifier", nameof(packet));
        }
    }

    private static void RequireNotEmpty(int count, MqttPacket packet)
    {
        if (count == 0)
        {
            throw new ArgumentException($"{packet.Type.Name()} needs at least one entry", nameof(packet));
        }
    }

    private static void RequireQos(MqttQualityOfService qos, string field)
    {
        if ((byte)qos > 2)
        {
            throw new ArgumentException($"{field} {(byte)qos} is not a valid quality of service", field);
        }
    }

    private static void RequireTopicName(string topic)
    {
        if (MqttTopic.ValidateName(topic) is { } error)
        {
            throw new ArgumentException(error, nameof(topic));
        }
    }

    private static void RequireTopicFilter(string filter)
    {
        if (MqttTopic.ValidateFilter(filter) is { } error)
        {
            throw new ArgumentException(error, nameof(filter));
        }
    }

    private static int BinaryLength(int length, string field) =>
        length <= BinaryMaxBytes ? length : throw new ArgumentException($"{field} is {length} bytes; MQTT allows at most {BinaryMaxBytes}", field);
}
