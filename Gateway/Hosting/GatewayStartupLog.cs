using IngestionCluster.Gateway.Auth;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>Says at start-up when the API runs with relaxed security (allowed outside Production only).</summary>
internal sealed class GatewayStartupLog(IOptions<AuthOptions> auth, IOptions<GatewayCorsOptions> cors, ILogger<GatewayStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = auth.Value;
        if (!settings.Enabled)
        {
            logger.LogWarning("Authentication is DISABLED (Auth__Enabled=false): every request is treated as admin. Never run like this outside development.");
        }
        else if (settings.UsesDevelopmentSecret)
        {
            logger.LogWarning("Tokens are signed with the built-in development secret; set Auth__JwtSecret for anything but development.");
        }
        if (cors.Value.AllowsAnyOrigin)
        {
            logger.LogWarning("CORS allows any origin (Cors__AllowedOrigins contains '*').");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
