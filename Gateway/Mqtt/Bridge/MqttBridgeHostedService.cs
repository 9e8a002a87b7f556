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
        _bridge = CreateBridge(options.Value, services.GetRequiredService<IGrainFactory>());
        // Connecting happens in the background with retries: a broker that is down must not stop the gateway.
        await _bridge.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// With Redis (cluster mode), in leader mode the bridge subscribes only while this gateway holds the lease; in shared
    /// mode dead peers' sessions are adopted (Redis keeps their heartbeats). Without Redis this process subscribes alone.
    /// </summary>
    private MqttBridge CreateBridge(MqttOptions mqtt, IGrainFactory grains)
    {
        var redis = services.GetService<RedisConnection>();
        if (mqtt.BridgeMode == MqttBridgeMode.Leader && redis is not null)
        {
            return new MqttBridge(mqtt, grains, loggerFactory, clock, BridgeLease.For(redis, mqtt));
        }
        var roster = mqtt is { AdoptPeerSessions: true, SharedGroup.Length: > 0 } && redis is not null ? MqttGroupRoster.For(redis, mqtt) : null;
        return new MqttBridge(mqtt, grains, loggerFactory, clock, roster);
    }

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
