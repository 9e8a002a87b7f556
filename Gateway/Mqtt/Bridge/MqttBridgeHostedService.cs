using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Mqtt.Group;
using IngestionCluster.Storage.Redis;
using Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>Runs the MQTT bridge with the host when <c>Mqtt__BrokerUrl</c> is set.</summary>
internal sealed class MqttBridgeHostedService(
    IOptions<MqttOptions> options,
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    TimeProvider clock,
    ILogger<MqttBridgeHostedService> logger) : IHostedService, IAsyncDisposable
{
    private MqttBridge? _bridge;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("MQTT bridge off (set Mqtt__BrokerUrl to turn it on)");
            return;
        }
        // Resolved only when the bridge is on: hosts without a cluster client can still use the gateway services.
        _bridge = new MqttBridge(options.Value, services.GetRequiredService<IGrainFactory>(), loggerFactory, clock, GroupRoster(options.Value));
        // Connecting happens in the background with retries: a broker that is down must not stop the gateway.
        await _bridge.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Dead peers' sessions are adopted when gateways share a group and Redis (cluster mode) keeps their heartbeats.</summary>
    private MqttGroupRoster? GroupRoster(MqttOptions mqtt) =>
        mqtt is { AdoptPeerSessions: true, SharedGroup.Length: > 0 } && services.GetService<RedisConnection>() is { } redis
            ? MqttGroupRoster.For(redis, mqtt)
            : null;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_bridge is not null)
        {
            await _bridge.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync().ConfigureAwait(false);
        }
    }
}
