namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>
/// Turns the body of one complete packet into its record, enforcing the MQTT 3.1.1 rules on fields.
/// The framing (fixed header, remaining length, size limit) is <see cref="MqttPacketDecoder"/>'s job.
/// </summary>
internal static class MqttPacketParser
{
    private const byte ProtocolLevel311 = 4;

    /// <summary>Checks the packet type and its reserved flag bits (spec 2.2.2) from the first header byte.</summary>
    public static MqttPacketType ValidateFirstByte(byte first)
    {
        var type = (MqttPacketType)(first >> 4);
        var flags = first & 0x0F;
        switch (type)
        {
            case MqttPacketType.Publish:
                if ((flags & 0x06) == 0x06)
                {
                    throw new MqttProtocolException("malformed PUBLISH: QoS 3 is not a valid quality of service");
                }
                if ((flags & 0x06) == 0 && (flags & 0x08) != 0)
                {
                    throw new MqttProtocolException("malformed PUBLISH: DUP flag set on a QoS 0 message");
                }
                return type;
            case MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe:
                return flags == 0x02 ? type : throw ReservedFlags(type, flags, 0x02);
            case >= MqttPacketType.Connect and <= MqttPacketType.Disconnect:
                return flags == 0 ? type : throw ReservedFlags(type, flags, 0);
            default:
                throw new MqttProtocolException($"malformed packet: type {(int)type} is reserved");
        }
    }

    public static MqttPacket Parse(byte first, ReadOnlySpan<byte> body)
    {
        var type = ValidateFirstByte(first);
        var reader = new MqttBodyReader(body, type.Name());
        MqttPacket packet = type switch
        {
            MqttPacketType.Connect => ParseConnect(ref reader),
            MqttPacketType.ConnAck => ParseConnAck(ref reader),
            MqttPacketType.Publish => ParsePublish(first, ref reader),
            MqttPacketType.PubAck => new PubAckPacket(reader.ReadPacketId()),
            MqttPacketType.PubRec => new PubRecPacket(reader.ReadPacketId()),
            MqttPacketType.PubRel => new PubRelPacket(reader.ReadPacketId()),
            MqttPacketType.PubComp => new PubCompPacket(reader.ReadPacketId()),
            MqttPacketType.Subscribe => ParseSubscribe(ref reader),
            MqttPacketType.SubAck => ParseSubAck(ref reader),
            MqttPacketType.Unsubscribe => ParseUnsubscribe(ref reader),
            MqttPacketType.UnsubAck => new UnsubAckPacket(reader.ReadPacketId()),
            MqttPacketType.PingReq => PingReqPacket.Instance,
            MqttPacketType.PingResp => PingRespPacket.Instance,
            _ => DisconnectPacket.Instance,
        };
        reader.ExpectEnd();
        return packet;
    }

    private static MqttProtocolException ReservedFlags(MqttPacketType type, int flags, int expected) =>
        new($"malformed {type.Name()}: reserved header flags are {flags:X1}, must be {expected:X1}");

    private static ConnectPacket ParseConnect(ref MqttBodyReader reader)
    {
        var protocolName = reader.ReadString("protocol name");
        if (protocolName != "MQTT")
        {
            throw reader.Malformed($"protocol name is '{protocolName}', expected 'MQTT'");
        }
        var level = reader.ReadByte("protocol level");
        if (level != ProtocolLevel311)
        {
            throw reader.Malformed($"protocol level {level} is not supported (MQTT 3.1.1 is level 4)");
        }
        var flags = reader.ReadByte("connect flags");
        if ((flags & 0x01) != 0)
        {
            throw reader.Malformed("reserved connect flag is set");
        }
        var hasUser = (flags & 0x80) != 0;
        var hasPassword = (flags & 0x40) != 0;
        var willRetain = (flags & 0x20) != 0;
        var willQos = (flags >> 3) & 0x03;
        var hasWill = (flags & 0x04) != 0;
        var cleanSession = (flags & 0x02) != 0;
        if (willQos == 3)
        {
            throw reader.Malformed("will QoS 3 is not a valid quality of service");
        }
        if (!hasWill && (willQos != 0 || willRetain))
        {
            throw reader.Malformed("will QoS or will retain set without the will flag");
        }
        if (hasPassword && !hasUser)
        {
            throw reader.Malformed("password flag set without the user name flag");
        }
        var keepAlive = reader.ReadUInt16("keep alive");
        var clientId = reader.ReadString("client identifier");
        MqttWill? will = null;
        if (hasWill)
        {
            var willTopic = reader.ReadString("will topic");
            if (MqttTopic.ValidateName(willTopic) is { } error)
            {
                throw reader.Malformed(error);
            }
            will = new MqttWill(willTopic, reader.ReadBinary("will message"), (MqttQualityOfService)willQos, willRetain);
        }
        var userName = hasUser ? reader.ReadString("user name") : null;
        // Cast needed: a null byte[] would otherwise turn into an empty, non-null password.
        ReadOnlyMemory<byte>? password = hasPassword ? reader.ReadBinary("password") : (ReadOnlyMemory<byte>?)null;
        return new ConnectPacket(clientId, cleanSession, keepAlive, userName, password, will);
    }

    private static ConnAckPacket ParseConnAck(ref MqttBodyReader reader)
    {
        var acknowledgeFlags = reader.ReadByte("acknowledge flags");
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            throw reader.Malformed("reserved acknowledge flags are set");
        }
        var code = reader.ReadByte("return code");
        if (code > (byte)MqttConnectReturnCode.NotAuthorized)
        {
            throw reader.Malformed($"return code {code} is reserved");
        }
        var sessionPresent = (acknowledgeFlags & 0x01) != 0;
        if (sessionPresent && code != 0)
        {
            throw reader.Malformed("session present is set on a refused connection");
        }
        return new ConnAckPacket(sessionPresent, (MqttConnectReturnCode)code);
    }

    private static PublishPacket ParsePublish(byte first, ref MqttBodyReader reader)
    {
        var qos = (MqttQualityOfService)((first >> 1) & 0x03);
        var topic = reader.ReadString("topic name");
        if (MqttTopic.ValidateName(topic) is { } error)
        {
            throw reader.Malformed(error);
        }
        ushort packetId = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : reader.ReadPacketId();
        var payload = reader.ReadRest().ToArray();
        return new PublishPacket(topic, payload, qos, packetId, Retain: (first & 0x01) != 0, Duplicate: (first & 0x08) != 0);
    }

    private static SubscribePacket ParseSubscribe(ref MqttBodyReader reader)
    {
        var packetId = reader.ReadPacketId();
        var subscriptions = new List<MqttTopicSubscription>();
        while (reader.Remaining > 0)
        {
            var filter = ReadFilter(ref reader);
            var options = reader.ReadByte("requested QoS");
            if (options > 2)
            {
                throw reader.Malformed($"requested QoS byte {options:X2} has reserved bits set or is QoS 3");
            }
            subscriptions.Add(new MqttTopicSubscription(filter, (MqttQualityOfService)options));
        }
        if (subscriptions.Count == 0)
        {
            throw reader.Malformed("no topic filter");
        }
        return new SubscribePacket(packetId, subscriptions);
    }

    private static SubAckPacket ParseSubAck(ref MqttBodyReader reader)
    {
        var packetId = reader.ReadPacketId();
        var codes = new List<MqttSubAckReturnCode>();
        foreach (var code in reader.ReadRest())
        {
            if (code is > 2 and not 0x80)
            {
                throw reader.Malformed($"return code {code:X2} is reserved");
            }
            codes.Add((MqttSubAckReturnCode)code);
        }
        if (codes.Count == 0)
        {
            throw reader.Malformed("no return code");
        }
        return new SubAckPacket(packetId, codes);
    }

    private static UnsubscribePacket ParseUnsubscribe(ref MqttBodyReader reader)
    {
        var packetId = reader.ReadPacketId();
        var filters = new List<string>();
        while (reader.Remaining > 0)
        {
            filters.Add(ReadFilter(ref reader));
        }
        if (filters.Count == 0)
        {
            throw reader.Malformed("no topic filter");
        }
        return new UnsubscribePacket(packetId, filters);
    }

    private static string ReadFilter(ref MqttBodyReader reader)
    {
        var filter = reader.ReadString("topic filter");
        return MqttTopic.ValidateFilter(filter) is { } error ? throw reader.Malformed(error) : filter;
    }
}
