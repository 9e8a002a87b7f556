using System.Collections.Concurrent;
using System.Diagnostics;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Mqtt.Group;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.ServiceDefaults.Logging;
using IngestionCluster.ServiceDefaults.Resilience;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Storage.Redis;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>
/// Takes cameras' image chunks from the broker to their camera grains. A chunk is acknowledged to the
/// broker (PUBACK) only after its capture session staged it durably, or after it was recorded as a dead
/// letter, so a gateway or silo crash makes the broker deliver it again; the sessions recognise repeats.
/// Each camera's chunks are handed over in arrival order, cameras in parallel (<see cref="CameraLanes"/>).
/// While the cluster cannot be reached a chunk is retried with backoff and stays unacknowledged; payloads
/// that can never succeed are recorded, counted and acknowledged, so a broken camera cannot wedge the
/// subscription. So are, after <see cref="MqttOptions.PoisonMessageTimeout"/>, the chunks of a camera whose
/// hand-offs keep failing for no outage while other cameras' succeed.
/// </summary>
public sealed class MqttBridge : IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly ILogger<MqttBridge> _logger;
    private readonly TimeProvider _clock;
    private readonly TopicCameraLevel _topicLevel;
    private readonly ChunkHandOff _handOff;
    private readonly ExponentialBackoff _retryBackoff;
    private readonly CameraLanes _lanes;
    private readonly MqttSubscriber _subscriber;
    private readonly PeerSessionAdopter? _adopter;
    private readonly BridgeLeadership? _leadership;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _rejections = new();
    // Lane → when it was poisoned, or a chunk of it last recorded as a dead letter for failing for no outage (UTC ticks).
    private readonly ConcurrentDictionary<string, long> _poisonedLanes = new(StringComparer.Ordinal);
    private long _lastTakenAtTicks;
    private volatile bool _draining;
    private long _received;
    private long _accepted;
    private long _handOffFailures;

    /// <param name="group">The shared group's roster in Redis, or null: then no peer's session is adopted.</param>
    internal MqttBridge(MqttOptions options, IGrainFactory grains, ILoggerFactory loggerFactory, TimeProvider clock, MqttGroupRoster? group)
        : this(options, grains, loggerFactory, clock)
    {
        if (group is not null)
        {
            _adopter = new PeerSessionAdopter(options, group, OnMessageAsync, _subscriber.Statistics, loggerFactory.CreateLogger<PeerSessionAdopter>(), clock);
        }
    }

    /// <param name="lease">The leader lease in Redis: the bridge subscribes only while this gateway holds it.</param>
    internal MqttBridge(MqttOptions options, IGrainFactory grains, ILoggerFactory loggerFactory, TimeProvider clock, RedisLease lease)
        : this(options, grains, loggerFactory, clock)
    {
        _leadership = new BridgeLeadership(options, lease, _subscriber, loggerFactory.CreateLogger<BridgeLeadership>(), clock);
    }

    public MqttBridge(MqttOptions options, IGrainFactory grains, ILoggerFactory loggerFactory, TimeProvider clock)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger<MqttBridge>();
        _clock = clock;
        _topicLevel = new TopicCameraLevel(options.Topic);
        _handOff = new ChunkHandOff(grains, _topicLevel, options.MaxPacketBytes, options.HandOffAttemptTimeout, clock);
        _retryBackoff = new ExponentialBackoff(options.HandOffRetryInitialDelay, options.HandOffRetryMaxDelay);
        _lanes = new CameraLanes(options.MaxInFlight, ProcessAsync);
        _subscriber = new MqttSubscriber(options, options.SubscriptionFilter, OnMessageAsync, loggerFactory.CreateLogger<MqttSubscriber>(), clock);
    }

    public string ClientId => _options.ClientId;

    public MqttConnectionState State => _leadership is { Leading: false } ? MqttConnectionState.Standby : _subscriber.State;

    public MqttClientStatistics Statistics => _subscriber.Statistics;

    /// <summary>Messages the bridge received (redeliveries included).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Chunks handed durably to camera grains by this bridge.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Failed attempts to hand a message to the cluster (each one retried, never acknowledged).</summary>
    public long HandOffFailures => Interlocked.Read(ref _handOffFailures);

    /// <summary>Messages received and not yet acknowledged or given up.</summary>
    public int InFlight => _lanes.Held;

    public IReadOnlyDictionary<string, long> Rejections => _rejections;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_leadership is not null)
        {
            await _leadership.StartAsync().ConfigureAwait(false);
        }
        else
        {
            await _subscriber.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_adopter is not null)
        {
            await _adopter.StartAsync().ConfigureAwait(false);
        }
        MqttBridgeMetrics.Track(this);
        BridgeLog.Started(_logger, _options.ToString());
    }

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken) => _subscriber.WaitUntilConnectedAsync(cancellationToken);

    /// <summary>
    /// Takes no new messages, lets the hand-offs in progress finish and be acknowledged (until
    /// <paramref name="cancellationToken"/> fires), then disconnects. Whatever was not acknowledged by
    /// then comes again from the broker's session.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        MqttBridgeMetrics.Untrack(this);
        _draining = true;
        _leadership?.BeginStopping();
        try
        {
            await _lanes.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            BridgeLog.StoppingWithWork(_logger, _lanes.Held);
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_leadership is not null)
        {
            await _leadership.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _subscriber.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_adopter is not null)
        {
            // After the subscriber's disconnect: from here on a peer may adopt this gateway's session.
            await _adopter.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(quick.Token).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Called by the subscriber for one message at a time: queue it behind its camera's earlier chunks.</summary>
    private Task OnMessageAsync(ReceivedMqttMessage message, CancellationToken connectionLost)
    {
        Interlocked.Increment(ref _received);
        MqttBridgeMetrics.Received();
        if (_draining)
        {
            return Task.CompletedTask;
        }
        return _lanes.EnqueueAsync(LaneOf(message), message, connectionLost);
    }

    private string LaneOf(ReceivedMqttMessage message) => _topicLevel.CameraIdOf(message.Topic) ?? message.Topic;

    /// <summary>
    /// The messages waiting on one camera's lane, in arrival order: hand them over together (retrying while that can
    /// still lead to their acknowledgement), then acknowledge each one.
    /// </summary>
    private async Task ProcessAsync(IReadOnlyList<ReceivedMqttMessage> messages)
    {
        // One trace per hand-off: the grain calls and the storage writes behind them become its children.
        using var activity = IngestionTelemetry.ActivitySource.StartActivity($"process {_options.Topic}", ActivityKind.Consumer);
        activity?.SetTag("messaging.system", "mqtt");
        activity?.SetTag("messaging.destination.name", messages[0].Topic);
        activity?.SetTag("messaging.batch.message_count", messages.Count);
        try
        {
            var handed = await HandOffWithRetriesAsync(Deliverable(messages)).ConfigureAwait(false);
            foreach (var (message, outcome) in handed)
            {
                if (outcome.Rejection is { } reason)
                {
                    _rejections.AddOrUpdate(reason, 1, (_, n) => n + 1);
                    MqttBridgeMetrics.Rejected(reason);
                    BridgeLog.Rejected(_logger, LogSafe.Topic(message.Topic), reason, outcome.Detail ?? string.Empty);
                }
                else
                {
                    Interlocked.Increment(ref _accepted);
                    MqttBridgeMetrics.Accepted();
                }
                await message.AcknowledgeAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            BridgeLog.LeftForRedelivery(_logger, LogSafe.Topic(messages[0].Topic), "the bridge stopped");
        }
        catch (Exception ex)
        {
            BridgeLog.Failed(_logger, LogSafe.Topic(messages[0].Topic), ex);
        }
    }

    /// <summary>
    /// The messages with their outcomes once handed over. A message that can no longer be acknowledged (its connection
    /// is gone, or the bridge stops) is left out, unacknowledged; the others are tried again until they are handed over.
    /// </summary>
    private async Task<IReadOnlyList<(ReceivedMqttMessage Message, HandOffOutcome Outcome)>> HandOffWithRetriesAsync(IReadOnlyList<ReceivedMqttMessage> messages)
    {
        var lane = messages.Count > 0 ? LaneOf(messages[0]) : string.Empty;
        var handed = new List<(ReceivedMqttMessage Message, HandOffOutcome Outcome)>(messages.Count);
        DateTimeOffset? failingSince = null;
        for (var attempt = 0; messages.Count > 0; attempt++)
        {
            var handedBefore = handed.Count;
            try
            {
                if (IsPoisoned(lane))
                {
                    // One at a time; what is handed stays handed if a later message fails.
                    foreach (var message in messages)
                    {
                        handed.Add((message, await HandPoisonedAsync(lane, message).ConfigureAwait(false)));
                    }
                    return handed;
                }
                var outcomes = await _handOff.HandAsync(messages, retry: attempt > 0, _stop.Token).ConfigureAwait(false);
                NoteTaken(outcomes);
                handed.AddRange(messages.Zip(outcomes));
                return handed;
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                messages = [.. messages.Skip(handed.Count - handedBefore)];
                var failure = HandOffFailure.Of(ex);
                CountFailures(failure, messages.Count);
                messages = Deliverable(messages);
                if (messages.Count == 0)
                {
                    return handed;
                }
                failingSince = failure.Cause == HandOffFailure.Other ? failingSince ?? _clock.GetUtcNow() : null;
                if (BecomesPoisoned(lane, failingSince))
                {
                    BridgeLog.CameraPoisoned(_logger, LogSafe.Topic(lane), _options.PoisonMessageTimeout, failure.Detail);
                    MarkPoisoned(lane);
                    continue;
                }
                var delay = _retryBackoff.Delay(attempt);
                // The stack trace once per hand-off; its further attempts fail the same way.
                BridgeLog.HandOffFailed(_logger, LogSafe.Topic(messages[0].Topic), messages.Count, attempt + 1, failure.Cause, failure.Detail, delay, attempt == 0 ? ex : null);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, messages[0].ConnectionLost);
                try
                {
                    await Task.Delay(delay, _clock, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Woken early: the connection went, or the bridge stops.
                    messages = Deliverable(messages);
                }
            }
        }
        return handed;
    }

    /// <summary>
    /// A camera's chunk that fails again for no outage while its camera is poisoned, and another camera's chunk was taken
    /// within the last <see cref="MqttOptions.PoisonMessageTimeout"/>, is recorded as a dead letter (<see cref="BridgeRejection.HandOffFailed"/>) and may be acknowledged: the
    /// camera's lane drains instead of filling the in-flight window every camera shares. Any other failure throws, and
    /// the message is retried as usual; a message taken ends the camera's poisoning.
    /// </summary>
    private async Task<HandOffOutcome> HandPoisonedAsync(string lane, ReceivedMqttMessage message)
    {
        try
        {
            var outcome = (await _handOff.HandAsync([message], retry: true, _stop.Token).ConfigureAwait(false))[0];
            NoteTaken([outcome]);
            if (outcome.Rejection is null && _poisonedLanes.TryRemove(lane, out _))
            {
                BridgeLog.CameraRecovered(_logger, LogSafe.Topic(lane));
            }
            return outcome;
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested && HandOffFailure.Of(ex) is { Cause: HandOffFailure.Other } failure
            && _poisonedLanes.ContainsKey(lane) && OthersTakenSince(_clock.GetUtcNow() - _options.PoisonMessageTimeout))
        {
            CountFailures(failure, 1);
            var recorded = await _handOff.RecordAsync(message, BridgeRejection.HandOffFailed, failure.Detail, _stop.Token).ConfigureAwait(false);
            MarkPoisoned(lane);
            return recorded;
        }
    }

    /// <summary>
    /// Poisoned: a chunk of the camera was recorded as a dead letter for failing for no outage within the last
    /// <see cref="MqttOptions.PoisonMessageTimeout"/>. A camera quiet for longer has to fail that long again.
    /// </summary>
    private bool IsPoisoned(string lane)
    {
        if (!_poisonedLanes.TryGetValue(lane, out var since))
        {
            return false;
        }
        if (_clock.GetUtcNow().UtcTicks - since < _options.PoisonMessageTimeout.Ticks)
        {
            return true;
        }
        _poisonedLanes.TryRemove(lane, out _);
        return false;
    }

    /// <summary>
    /// A camera's hand-offs failed for no outage (a store or silo that is down would be named) for
    /// <see cref="MqttOptions.PoisonMessageTimeout"/>, while another camera's chunks were taken meanwhile: the fault is this
    /// camera's, not the cluster's. When every camera fails, their chunks wait in the broker instead.
    /// </summary>
    private bool BecomesPoisoned(string lane, DateTimeOffset? failingSince) =>
        failingSince is { } since && !_poisonedLanes.ContainsKey(lane)
        && _clock.GetUtcNow() - since >= _options.PoisonMessageTimeout && OthersTakenSince(since);

    private void MarkPoisoned(string lane) => _poisonedLanes[lane] = _clock.GetUtcNow().UtcTicks;

    /// <summary>A camera grain took a chunk after <paramref name="since"/>: the cluster works, for some cameras at least.</summary>
    private bool OthersTakenSince(DateTimeOffset since) => Interlocked.Read(ref _lastTakenAtTicks) > since.UtcTicks;

    /// <summary>Remembers when a camera grain last took a chunk (a rejection or a dead letter does not count).</summary>
    private void NoteTaken(IEnumerable<HandOffOutcome> outcomes)
    {
        if (outcomes.Any(outcome => outcome.Rejection is null))
        {
            // Lanes racing here differ by microseconds; the window it is compared with is seconds long.
            Interlocked.Exchange(ref _lastTakenAtTicks, _clock.GetUtcNow().UtcTicks);
        }
    }

    private void CountFailures(HandOffFailure failure, int messages)
    {
        Interlocked.Add(ref _handOffFailures, messages);
        MqttBridgeMetrics.HandOffFailed(failure.Cause, messages);
    }

    /// <summary>The messages that could still be acknowledged; the others are logged and left for the broker to deliver again.</summary>
    private List<ReceivedMqttMessage> Deliverable(IReadOnlyList<ReceivedMqttMessage> messages)
    {
        var deliverable = new List<ReceivedMqttMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (WhyNotNow(message) is { } why)
            {
                BridgeLog.LeftForRedelivery(_logger, LogSafe.Topic(message.Topic), why);
            }
            else
            {
                deliverable.Add(message);
            }
        }
        return deliverable;
    }

    /// <summary>Why handing <paramref name="message"/> over now would be wasted: it could never be acknowledged.</summary>
    private string? WhyNotNow(ReceivedMqttMessage message) =>
        message.ConnectionLost.IsCancellationRequested ? "the connection that delivered it is gone"
        : _draining ? "the bridge is stopping"
        : null;
}
