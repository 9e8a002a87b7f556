using System.Buffers.Binary;

namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>
/// Reads the fields of one packet body (everything after the fixed header). Every read checks the
/// bytes left and throws <see cref="MqttProtocolException"/> naming the packet and the field.
/// </summary>
internal ref struct MqttBodyReader
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly string _packet;
    private int _position;

    public MqttBodyReader(ReadOnlySpan<byte> body, string packet)
    {
        _body = body;
        _packet = packet;
        _position = 0;
    }

    public readonly int Remaining => _body.Length - _position;

    public byte ReadByte(string field)
    {
        Require(1, field);
        return _body[_position++];
    }

    public ushort ReadUInt16(string field)
    {
        Require(2, field);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(_position, 2));
        _position += 2;
        return value;
    }

    /// <summary>A packet identifier, which is never 0 (spec 2.3.1).</summary>
    public ushort ReadPacketId()
    {
        var id = ReadUInt16("packet identifier");
        if (id == 0)
        {
            throw new MqttProtocolException($"malformed {_packet}: packet identifier 0 is not allowed");
        }
        return id;
    }

    public string ReadString(string field) => MqttUtf8.Decode(ReadLengthPrefixed(field), $"{_packet} {field}");

    public byte[] ReadBinary(string field) => ReadLengthPrefixed(field).ToArray();

    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _body[_position..];
        _position = _body.Length;
        return rest;
    }

    /// <summary>Throws when bytes are left over after the last field.</summary>
    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw new MqttProtocolException($"malformed {_packet}: {Remaining} unexpected byte(s) after the last field");
        }
    }

    public readonly MqttProtocolException Malformed(string reason) => new($"malformed {_packet}: {reason}");

    private ReadOnlySpan<byte> ReadLengthPrefixed(string field)
    {
        var length = ReadUInt16($"{field} length");
        Require(length, field);
        var bytes = _body.Slice(_position, length);
        _position += length;
        return bytes;
    }

    private readonly void Require(int count, string field)
    {
        if (Remaining < count)
        {
            throw new MqttProtocolException(
                $"malformed {_packet}: {field} needs {count} byte(s) but only {Remaining} remain in the packet");
        }
    }
}
