using System.Collections.Concurrent;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Mqtt.Protocol;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Runtime;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>
/// Takes cameras' image chunks from the broker to their camera grains. A chunk is acknowledged to the
/// broker (PUBACK) only after the camera grain's one-way call is durably queued, so a gateway crash
/// makes the broker deliver it again; the grains recognise repeats. Bad payloads are counted, logged
/// and still acknowledged, so a broken camera cannot wedge the subscription or affect others.
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
        MqttBridgeMetrics.Received();
        var parsed = ChunkPayloadParser.Parse(message.Payload.Span, _topicLevel.CameraIdOf(message.Topic), _clock.GetUtcNow());
        if (parsed.Chunk is not { } chunk)
        {
            _rejections.AddOrUpdate(parsed.Rejection!, 1, (_, n) => n + 1);
            MqttBridgeMetrics.Rejected(parsed.Rejection!);
            _logger.LogWarning("MQTT message on {Topic} rejected ({Reason}): {Detail}", message.Topic, parsed.Rejection, parsed.Detail);
            return;
        }
        // Throws while the cluster is unreachable: the message stays unacknowledged and comes again.
        await _grains.GetGrain<ICameraGrain>(chunk.CameraId).ReceiveChunk(chunk).ConfigureAwait(false);
        Interlocked.Increment(ref _accepted);
        MqttBridgeMetrics.Accepted();
    }
}
