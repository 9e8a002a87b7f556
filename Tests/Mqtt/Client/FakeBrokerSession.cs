using System.IO.Pipelines;
using System.Net.Sockets;
using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>The broker's end of one client connection to a <see cref="FakeMqttBroker"/>, scripted by the test.</summary>
internal sealed class FakeBrokerSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly MqttPacketReader _reader;
    private Task<MqttPacket?>? _pendingRead;

    public FakeBrokerSession(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new MqttPacketReader(PipeReader.Create(_stream), new MqttPacketDecoder(16 * 1024 * 1024));
    }

    /// <summary>Reads CONNECT and answers with a CONNACK.</summary>
    public async Task<ConnectPacket> AcceptConnectAsync(MqttConnectReturnCode code = MqttConnectReturnCode.Accepted, bool sessionPresent = false)
    {
        var connect = Assert.IsType<ConnectPacket>(await ReadAsync());
        await SendAsync(new ConnAckPacket(sessionPresent, code));
        return connect;
    }

    /// <summary>The next packet from the client; null when it closed the connection.</summary>
    public async Task<MqttPacket?> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _reader.ReadAsync(cts.Token);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when nothing at all arrives within <paramref name="window"/>.</summary>
    public async Task<bool> StaysSilentAsync(TimeSpan window)
    {
        var read = _reader.ReadAsync(CancellationToken.None).AsTask();
        var first = await Task.WhenAny(read, Task.Delay(window));
        if (first == read)
        {
            Assert.Fail($"expected silence, got {await read}");
        }
        _pendingRead = read;
        return true;
    }

    /// <summary>Takes over a read started by <see cref="StaysSilentAsync"/>.</summary>
    public async Task<MqttPacket?> ReadPendingAsync(TimeSpan timeout)
    {
        var read = _pendingRead ?? throw new InvalidOperationException("no pending read");
        _pendingRead = null;
        return await read.WaitAsync(timeout);
    }

    public async Task SendAsync(MqttPacket packet) => await _stream.WriteAsync(MqttPacketEncoder.Encode(packet));

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public void Close() => _socket.Close();

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}
