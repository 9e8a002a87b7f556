using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>One start-up line naming the seed variables in use (never their values).</summary>
internal sealed class SeedSettingsLog(SeedSettings settings, ILogger<SeedSettingsLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Used.Count > 0)
        {
            logger.LogInformation("Configured by the seed services' variables: {Aliases}", string.Join("; ", settings.Used));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
