using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>Runs the silo with the host: start with the application, hand partitions over on shutdown.</summary>
internal sealed class SiloHostedService(SiloRuntime silo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
}
