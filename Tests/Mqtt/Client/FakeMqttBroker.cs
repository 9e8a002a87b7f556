using System.Net;
using System.Net.Sockets;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>
/// A TCP listener on 127.0.0.1 whose connections the test scripts packet by packet, for behaviour a
/// real broker cannot be made to show on demand (refusal codes, silence, malformed bytes, exact ack order).
/// </summary>
internal sealed class FakeMqttBroker : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public FakeMqttBroker() => _listener.Start();

    public string Url => $"mqtt://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async Task<FakeBrokerSession> AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var socket = await _listener.AcceptSocketAsync(timeout.Token);
        return new FakeBrokerSession(socket);
    }

    public void Dispose() => _listener.Stop();
}
