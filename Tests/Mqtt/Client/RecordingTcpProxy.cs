using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a real broker that decodes and records the packets going each
/// way, so a test can see what the client put on the wire (e.g. PUBACK order). <see cref="Freeze"/>
/// stops forwarding in both directions, which looks like a dead network to both ends.
/// </summary>
internal sealed class RecordingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MqttPacket> _fromClient = new();
    private readonly ConcurrentQueue<MqttPacket> _fromBroker = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly Task _acceptLoop;
    private volatile bool _frozen;

    public RecordingTcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string Url => $"mqtt://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public IReadOnlyList<MqttPacket> FromClient => [.. _fromClient];

    public IReadOnlyList<MqttPacket> FromBroker => [.. _fromBroker];

    public void Freeze() => _frozen = true;

    public void Thaw() => _frozen = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            var broker = new Socket(SocketType.Stream, ProtocolType.Tcp);
            _sockets.Add(client);
            _sockets.Add(broker);
            try
            {
                await broker.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                continue;
            }
            _ = PumpAsync(client, broker, _fromClient);
            _ = PumpAsync(broker, client, _fromBroker);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, ConcurrentQueue<MqttPacket> record)
    {
        var buffer = new byte[64 * 1024];
        var pending = new ArrayBufferWriter<byte>();
        var decoder = new MqttPacketDecoder(64 * 1024 * 1024);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }
                while (_frozen)
                {
                    await Task.Delay(20, _stop.Token);
                }
                await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
                pending.Write(buffer.AsSpan(0, read));
                var sequence = new ReadOnlySequence<byte>(pending.WrittenMemory);
                while (decoder.TryDecode(ref sequence, out var packet))
                {
                    record.Enqueue(packet);
                }
                var rest = sequence.ToArray();
                pending.Clear();
                pending.Write(rest);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or MqttProtocolException)
        {
        }
        finally
        {
            // A frozen network passes nothing, not even one side's close: the other side must notice the silence itself.
            while (_frozen && !_stop.IsCancellationRequested)
            {
                await Task.Delay(20, CancellationToken.None);
            }
            from.Dispose();
            to.Dispose();
        }
    }
}
