using System.Collections.Concurrent;
using System.Diagnostics;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Mqtt.Protocol;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>
/// Takes cameras' image chunks from the broker to their camera grains. A chunk is acknowledged to the
/// broker (PUBACK) only after its capture session staged it durably, so a gateway or silo crash makes the
/// broker deliver it again; the sessions recognise repeats. Payloads that can never succeed are recorded
/// as dead letters, counted and still acknowledged, so a broken camera cannot wedge the subscription.
/// </summary>
public sealed class MqttBridge : IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly IGrainFactory _grains;
    private readonly ILogger<MqttBridge> _logger;
    private readonly TimeProvider _clock;
    private readonly TopicCameraLevel _topicLevel;
    private readonly ResilientMqttClient _client;
    private readonly ConcurrentDictionary<string, long> _rejections = new();
    private long _accepted;

    public MqttBridge(MqttOptions options, IGrainFactory grains, ILoggerFactory loggerFactory, TimeProvider clock)
    {
        _options = options;
        _grains = grains;
        _logger = loggerFactory.CreateLogger<MqttBridge>();
        _clock = clock;
        _topicLevel = new TopicCameraLevel(options.Topic);
        _client = new ResilientMqttClient(options, HandleAsync, loggerFactory.CreateLogger<ResilientMqttClient>(), clock);
    }

    public string ClientId => _options.ClientId;

    public MqttConnectionState State => _client.State;

    public MqttClientStatistics Statistics => _client.Statistics;

    /// <summary>Chunks handed to camera grains by this bridge.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    public IReadOnlyDictionary<string, long> Rejections => _rejections;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _client.SubscribeAsync(_options.SubscriptionFilter, MqttQualityOfService.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        await _client.StartAsync(cancellationToken).ConfigureAwait(false);
        MqttBridgeMetrics.Track(this);
        _logger.LogInformation("MQTT bridge started: {Options}, subscribing to {Filter}", _options, _options.SubscriptionFilter);
    }

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken) => _client.WaitUntilConnectedAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        MqttBridgeMetrics.Untrack(this);
        await _client.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        MqttBridgeMetrics.Untrack(this);
        await _client.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        // One trace per message: the grain calls and the storage writes behind them become its children.
        using var activity = IngestionTelemetry.ActivitySource.StartActivity($"process {_options.Topic}", ActivityKind.Consumer);
        activity?.SetTag("messaging.system", "mqtt");
        activity?.SetTag("messaging.destination.name", message.Topic);
        MqttBridgeMetrics.Received();
        var receivedAt = _clock.GetUtcNow();
        var parsed = ChunkPayloadParser.Parse(message.Payload.Span, _topicLevel.CameraIdOf(message.Topic), receivedAt);
        if (parsed.Chunk is not { } chunk)
        {
            _rejections.AddOrUpdate(parsed.Rejection!, 1, (_, n) => n + 1);
            MqttBridgeMetrics.Rejected(parsed.Rejection!);
            _logger.LogWarning("MQTT message on {Topic} rejected ({Reason}): {Detail}", message.Topic, parsed.Rejection, parsed.Detail);
            // Recorded before the acknowledgement; if the cluster is unreachable this throws and the message comes again.
            await _grains.GetDeadLetters().Record(new DeadLetter(0, "mqtt", message.Topic, _topicLevel.CameraIdOf(message.Topic),
                parsed.Rejection!, parsed.Detail ?? string.Empty, message.Payload.Length, receivedAt)).WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        // Throws while the cluster is unreachable: the message stays unacknowledged and comes again.
        var receipt = await _grains.GetCamera(chunk.CameraId).ReceiveChunk(chunk).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (receipt.Outcome == ChunkOutcome.Rejected)
        {
            MqttBridgeMetrics.Rejected(receipt.Reason ?? "rejected");
            _rejections.AddOrUpdate(receipt.Reason ?? "rejected", 1, (_, n) => n + 1);
            return;
        }
        Interlocked.Increment(ref _accepted);
        MqttBridgeMetrics.Accepted();
    }
}
