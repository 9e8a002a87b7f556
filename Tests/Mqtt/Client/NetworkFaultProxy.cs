using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a real broker that can break the network the way real networks
/// break: <see cref="Freeze"/> stops forwarding in both directions (a dead link: neither end hears
/// anything, not even a close), <see cref="Sever"/> resets every open connection at once.
/// </summary>
internal sealed class NetworkFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly Task _acceptLoop;
    private volatile bool _frozen;

    public NetworkFaultProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string Url => $"mqtt://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Connections { get; private set; }

    public void Freeze() => _frozen = true;

    public void Thaw() => _frozen = false;

    /// <summary>Closes every connection open now, as a broken link does; new connections pass.</summary>
    public void Sever()
    {
        foreach (var socket in _sockets.Keys)
        {
            _sockets.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Sever();
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
            Connections++;
            var broker = new Socket(SocketType.Stream, ProtocolType.Tcp);
            _sockets[client] = 0;
            _sockets[broker] = 0;
            try
            {
                await broker.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                continue;
            }
            _ = PumpAsync(client, broker);
            _ = PumpAsync(broker, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
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
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            // A frozen network passes nothing, not even one side's close: the other side must notice the silence itself.
            while (_frozen && !_stop.IsCancellationRequested)
            {
                await Task.Delay(20, CancellationToken.None);
            }
            _sockets.TryRemove(from, out _);
            _sockets.TryRemove(to, out _);
            from.Dispose();
            to.Dispose();
        }
    }
}
