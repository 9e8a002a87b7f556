using System.Buffers.Binary;
using System.Text;

namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>Writes packet fields into a span already sized for the whole packet.</summary>
internal ref struct MqttSpanWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    public MqttSpanWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
    }

    public readonly int Written => _position;

    public void WriteByte(byte value) => _destination[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_destination[_position..], value);
        _position += 2;
    }

    public void WriteRemainingLength(int value) => _position += MqttRemainingLength.Write(value, _destination[_position..]);

    /// <summary>Writes a string whose UTF-8 length was checked by <see cref="MqttUtf8.ByteCountForSending"/>.</summary>
    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetBytes(value, _destination[(_position + 2)..]);
        WriteUInt16((ushort)length);
        _position += length;
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_destination[_position..]);
        _position += value.Length;
    }
}
