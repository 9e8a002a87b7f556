using System.Net;

namespace IngestionCluster.Bench.RawEcho;

/// <summary>A raw echo server and a few client connections to it over loopback; requests are spread over the connections.</summary>
public sealed class RawEchoLoopback : IAsyncDisposable
{
    private readonly RawEchoServer _server;
    private readonly RawEchoConnection[] _connections;

    private RawEchoLoopback(RawEchoServer server, RawEchoConnection[] connections)
    {
        _server = server;
        _connections = connections;
    }

    public static async Task<RawEchoLoopback> StartAsync(bool coalesce, int connections)
    {
        var server = new RawEchoServer(coalesce);
        server.Start();
        var endPoint = new IPEndPoint(IPAddress.Loopback, server.EndPoint.Port);
        return new RawEchoLoopback(server, await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => RawEchoConnection.ConnectAsync(endPoint, coalesce))));
    }

    public Task<byte[]> EchoAsync(int worker, byte[] payload) => _connections[worker % _connections.Length].EchoAsync(payload);

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
        await _server.DisposeAsync();
    }
}
