using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>Two echo silo processes on Redis membership and this process as their Orleans client.</summary>
public sealed class EchoCluster : IAsyncDisposable
{
    private readonly EchoSiloProcess[] _silos;

    private EchoCluster(EchoSiloProcess[] silos, EchoClusterClient client)
    {
        _silos = silos;
        Client = client;
    }

    public EchoClusterClient Client { get; }

    public int Silos => _silos.Length;

    public static async Task<EchoCluster> StartAsync(RedisServer redis, EchoPlacement placement, int gatewayConnections)
    {
        var clusterId = $"echo-{placement.ToString().ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}";
        var starting = Enumerable.Range(1, 2).Select(i => EchoSiloProcess.StartAsync(
            new EchoSiloEndpoint($"{clusterId}-silo-{i}", redis.Configuration, clusterId, FreePort.Next(), FreePort.Next()), placement)).ToList();
        try
        {
            var silos = await Task.WhenAll(starting);
            return new EchoCluster(silos, await EchoClusterClient.ConnectAsync(redis.Configuration, clusterId, gatewayConnections, silos.Length));
        }
        catch
        {
            foreach (var silo in starting.Where(s => s.IsCompletedSuccessfully))
            {
                await (await silo).DisposeAsync();
            }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
    }
}
