using System.Net;
using System.Net.Sockets;

namespace IngestionCluster.Tests.Fixtures;

public static class FreePort
{
    private static readonly HashSet<int> _handedOut = [];

    /// <summary>A TCP port on 127.0.0.1 that is free now and was not handed out before in this run.</summary>
    public static int Next()
    {
        lock (_handedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                // Erlang's distribution port is derived from the AMQP port; keep clear of the top of the range.
                if (port < 60000 && _handedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
