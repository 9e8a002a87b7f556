using System.IO.Pipelines;

namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>
/// Reads whole packets from a <see cref="PipeReader"/> with a <see cref="MqttPacketDecoder"/>. Bytes of
/// an incomplete packet stay in the pipe (marked examined) until more arrive, so what is buffered stays
/// within one maximum-size packet plus one read.
/// </summary>
public sealed class MqttPacketReader
{
    private readonly PipeReader _input;
    private readonly MqttPacketDecoder _decoder;
    private readonly Action? _bytesReceived;

    /// <param name="bytesReceived">Called whenever bytes are available, even part of a packet (keep-alive uses it).</param>
    public MqttPacketReader(PipeReader input, MqttPacketDecoder decoder, Action? bytesReceived = null)
    {
        _input = input;
        _decoder = decoder;
        _bytesReceived = bytesReceived;
    }

    /// <summary>
    /// The next packet, or null when the peer closed the stream (or the read was cancelled through
    /// <see cref="PipeReader.CancelPendingRead"/>). Bytes of a half-received packet at the end of the
    /// stream are dropped: the connection is gone either way.
    /// </summary>
    public async ValueTask<MqttPacket?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!buffer.IsEmpty)
            {
                _bytesReceived?.Invoke();
            }
            try
            {
                if (_decoder.TryDecode(ref buffer, out var packet))
                {
                    _input.AdvanceTo(buffer.Start);
                    return packet;
                }
            }
            catch (MqttProtocolException)
            {
                _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }
}
