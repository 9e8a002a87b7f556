using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>The gateways the API tests share: standalone and cluster mode, each started on first use and stopped after the last test.</summary>
public sealed class GatewayHosts : IAsyncLifetime
{
    private readonly Lazy<Task<StandaloneGateway>> _standalone = new(() => StandaloneGateway.StartAsync());
    private readonly Lazy<Task<ClusterGateway>> _cluster = new(() => ClusterGateway.StartAsync());

    public Task<StandaloneGateway> Standalone => _standalone.Value;

    public Task<ClusterGateway> Cluster => _cluster.Value;

    public async Task<GatewayHost> Get(StorageKind storage) =>
        storage == StorageKind.Standalone ? await Standalone : await Cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // A host that failed to start has nothing to stop (its start already cleaned up).
        if (_standalone.IsValueCreated && _standalone.Value.IsCompletedSuccessfully)
        {
            await _standalone.Value.Result.DisposeAsync();
        }
        if (_cluster.IsValueCreated && _cluster.Value.IsCompletedSuccessfully)
        {
            await _cluster.Value.Result.DisposeAsync();
        }
    }
}
