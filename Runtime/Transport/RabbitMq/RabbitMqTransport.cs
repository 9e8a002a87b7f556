using System.Collections.Concurrent;
using IngestionCluster.Runtime.Hosting;
using IngestionCluster.Runtime.Invocation;
using IngestionCluster.Runtime.Messaging;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

/// <summary>
/// The cluster transport. Partitions are quorum queues with single active consumer, a delivery limit and
/// a dead-letter queue; one-way calls are published with confirms; requests use direct reply-to and a
/// timeout. The connection is ours to recover: on loss every pending call fails fast, every partition
/// subscription is dropped (the silo re-claims after reconnecting), and event subscriptions are re-bound.
/// </summary>
internal sealed class RabbitMqTransport : IMessageTransport
{
    private const string StatusOk = "ok";
    private const string StatusError = "error";
    private readonly ClusterOptions _cluster;
    private readonly RabbitMqOptions _options;
    private readonly RabbitMqNames _names;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, PendingRequest> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposing = new();
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly RabbitMqEventBus _events;
    private readonly RabbitMqEventBus _control;
    private volatile RabbitMqSession? _session;
    private volatile TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _subscriptionCounter;
    private volatile bool _stopped;

    public RabbitMqTransport(ClusterOptions cluster, RabbitMqOptions options, RuntimeSerializer serializer, ILoggerFactory loggerFactory, TimeProvider clock)
    {
        _cluster = cluster;
        _options = options;
        _names = new RabbitMqNames(cluster.Name);
        _log = loggerFactory.CreateLogger("IngestionCluster.Runtime.RabbitMq");
        _clock = clock;
        Serializer = serializer;
        _events = new RabbitMqEventBus(this, _names.EventsExchange);
        _control = new RabbitMqEventBus(this, _names.ControlExchange);
    }

    public string Name => "rabbitmq";

    public IEventBus Events => _events;

    public IEventBus Control => _control;

    public RuntimeSerializer Serializer { get; }

    public event Action<string>? ConnectionLost;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        await ConnectWithRetriesAsync(linked.Token).ConfigureAwait(false);
    }

    public async Task<object?> RequestAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var session = await WaitForSessionAsync(message.Timeout, cancellationToken).ConfigureAwait(false);
        var envelope = message.Envelope;
        var body = Serializer.WriteArguments(message.Arguments, message.Method!.ParameterTypes);
        var pending = new PendingRequest(message.Method);
        _pending[envelope.CallId] = pending;
        try
        {
            await session.Plain.PublishAsync(new PublishItem(string.Empty, _names.Partition(envelope.Partition),
                MessageCodec.ToProperties(envelope, RabbitMqNames.DirectReplyTo), body, Mandatory: false)).ConfigureAwait(false);
            return await pending.Reply.Task.WaitAsync(message.Timeout, _clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new GrainCallTimeoutException(
                $"{envelope.GrainType}.{envelope.Method} on '{envelope.GrainKey}' got no answer within {message.Timeout.TotalSeconds:0.###} s.");
        }
        finally
        {
            _pending.TryRemove(envelope.CallId, out _);
        }
    }

    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var session = await WaitForSessionAsync(message.Timeout, cancellationToken).ConfigureAwait(false);
        var envelope = message.Envelope;
        var body = message.Method is null ? "[]"u8.ToArray() : Serializer.WriteArguments(message.Arguments, message.Method.ParameterTypes);
        await session.Confirming.PublishAsync(new PublishItem(string.Empty, _names.Partition(envelope.Partition),
            MessageCodec.ToProperties(envelope, replyTo: null), body, Mandatory: true)).ConfigureAwait(false);
    }

    public async Task<IPartitionSubscription> SubscribeAsync(int partition, IDeliveryHandler handler, CancellationToken cancellationToken)
    {
        var connection = RequireConnection();
        // A fresh tag per claim: RabbitMQ 3.10.8 crashes a channel that re-consumes with a tag it just cancelled.
        var tag = $"{_cluster.SiloId ?? "client"}.p{partition}.{Interlocked.Increment(ref _subscriptionCounter)}.{Guid.NewGuid().ToString("N")[..6]}";
        return await RabbitMqPartitionSubscription.StartAsync(connection, _names.Partition(partition), tag, partition,
            (ushort)_cluster.PrefetchPerPartition, handler, this, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        var connection = RequireConnection();
        var letters = new List<DeadLetter>();
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            while (letters.Count < max)
            {
                // Unacked gets; closing the channel afterwards puts every one of them back.
                var result = await channel.BasicGetAsync(_names.DeadLetters, autoAck: false, cancellationToken).ConfigureAwait(false);
                if (result is null)
                {
                    break;
                }
                var envelope = MessageCodec.FromProperties(result.BasicProperties);
                letters.Add(new DeadLetter(envelope.GrainType, envelope.GrainKey, envelope.Method, envelope.Partition,
                    DeathReason(result.BasicProperties.Headers),
                    RabbitMqHeaders.GetLong(result.BasicProperties.Headers, RabbitMqHeaders.DeliveryCount),
                    envelope.CallId, result.Body.Length));
            }
        }
        finally
        {
            await channel.CloseAsync(cancellationToken).ConfigureAwait(false);
            channel.Dispose();
        }
        return letters;
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken) =>
        _session is { Connection.IsOpen: true }
            ? Task.CompletedTask
            : Task.FromException(new ClusterUnavailableException($"No connection to RabbitMQ at {_options.SafeUri}."));

    public void Abort()
    {
        _stopped = true;
        _disposing.Cancel();
        if (_session is { } session)
        {
            _ = session.Connection.CloseAsync(320, "aborted", TimeSpan.FromSeconds(1), abort: true, CancellationToken.None);
        }
        FailPending("transport aborted");
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _disposing.CancelAsync().ConfigureAwait(false);
        if (_session is { } session)
        {
            _session = null;
            await session.Plain.DisposeAsync().ConfigureAwait(false);
            await session.Confirming.DisposeAsync().ConfigureAwait(false);
            try
            {
                await session.Connection.CloseAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.LogDebug(e, "Closing the RabbitMQ connection failed");
            }
            session.Connection.Dispose();
        }
        FailPending("transport stopped");
    }

    internal IConnection RequireConnection() =>
        _session?.Connection is { IsOpen: true } connection
            ? connection
            : throw new ClusterUnavailableException($"No connection to RabbitMQ at {_options.SafeUri}.");

    internal void PublishReply(string replyTo, string callId, bool ok, byte[] body)
    {
        if (_session is not { } session)
        {
            return; // the caller's connection is gone too, or will time out
        }
        var properties = new BasicProperties
        {
            CorrelationId = callId,
            ContentType = "application/json",
            Headers = new Dictionary<string, object?> { [RabbitMqHeaders.Status] = ok ? StatusOk : StatusError },
        };
        _ = session.Plain.PublishAsync(new PublishItem(string.Empty, replyTo, properties, body, Mandatory: false));
    }

    internal Task PublishFireAndForgetAsync(string exchange, string routingKey, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (_session is not { } session)
        {
            return Task.CompletedTask; // events are best effort
        }
        var properties = new BasicProperties { ContentType = "application/json" };
        return session.Plain.PublishAsync(new PublishItem(exchange, routingKey, properties, payload, Mandatory: false));
    }

    private async Task<RabbitMqSession> WaitForSessionAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_session is { Connection.IsOpen: true } ready)
        {
            return ready;
        }
        if (_stopped)
        {
            throw new ClusterUnavailableException("The RabbitMQ transport is stopped.");
        }
        var wait = timeout < TimeSpan.FromSeconds(5) ? timeout : TimeSpan.FromSeconds(5);
        try
        {
            await _connected.Task.WaitAsync(wait, _clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ClusterUnavailableException($"No connection to RabbitMQ at {_options.SafeUri} (waited {wait.TotalSeconds:0.#} s).");
        }
        return _session ?? throw new ClusterUnavailableException($"No connection to RabbitMQ at {_options.SafeUri}.");
    }

    private async Task ConnectWithRetriesAsync(CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectInitialDelay;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
                if (attempt > 1)
                {
                    _log.LogInformation("Connected to RabbitMQ at {Uri} after {Attempts} attempts", _options.SafeUri, attempt);
                }
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogWarning("Connecting to RabbitMQ at {Uri} failed (attempt {Attempt}): {Error}; retrying in {Delay}", _options.SafeUri, attempt, e.Message, delay);
                var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, delay.TotalMilliseconds / 4)));
                await Task.Delay(delay + jitter, _clock, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
            }
        }
    }

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_session is { Connection.IsOpen: true })
            {
                return;
            }
            var factory = new ConnectionFactory
            {
                Uri = new Uri(_options.Uri),
                AutomaticRecoveryEnabled = false,
                TopologyRecoveryEnabled = false,
                RequestedHeartbeat = _options.Heartbeat,
                ConsumerDispatchConcurrency = 1,
                ClientProvidedName = $"ingest {_cluster.SiloId ?? "client"} ({Environment.MachineName})",
                RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
            };
            var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await DeclareTopologyAsync(connection, cancellationToken).ConfigureAwait(false);
                var confirming = await connection.CreateChannelAsync(new CreateChannelOptions(true, false), cancellationToken).ConfigureAwait(false);
                var plain = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, null, 1), cancellationToken).ConfigureAwait(false);
                var replies = new AsyncEventingBasicConsumer(plain);
                replies.ReceivedAsync += OnReplyAsync;
                // Direct reply-to: consume the pseudo-queue on the same channel that publishes the requests.
                await plain.BasicConsumeAsync(RabbitMqNames.DirectReplyTo, autoAck: true, replies, cancellationToken).ConfigureAwait(false);
                var session = new RabbitMqSession(connection, new ChannelPublisher(confirming, confirms: true), new ChannelPublisher(plain, confirms: false));
                connection.ConnectionShutdownAsync += (_, args) => OnConnectionShutdownAsync(session, args);
                _session = session;
                await _events.RebindAllAsync(connection, cancellationToken).ConfigureAwait(false);
                await _control.RebindAllAsync(connection, cancellationToken).ConfigureAwait(false);
                _connected.TrySetResult();
            }
            catch
            {
                _session = null;
                await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
                connection.Dispose();
                throw;
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task DeclareTopologyAsync(IConnection connection, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeclareAsync(_names.EventsExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeclareAsync(_names.ControlExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(_names.DeadLetters, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var partitionArguments = new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-single-active-consumer"] = true,
            ["x-delivery-limit"] = _cluster.DeliveryLimit,
            ["x-dead-letter-exchange"] = string.Empty,
            ["x-dead-letter-routing-key"] = _names.DeadLetters,
        };
        for (var partition = 0; partition < _cluster.Partitions; partition++)
        {
            try
            {
                await channel.QueueDeclareAsync(_names.Partition(partition), durable: true, exclusive: false, autoDelete: false,
                    arguments: partitionArguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 406)
            {
                throw new InvalidOperationException(
                    $"Queue {_names.Partition(partition)} exists with other arguments than this process wants (delivery limit {_cluster.DeliveryLimit}). " +
                    "Every silo and gateway of a cluster needs the same Cluster__DeliveryLimit; to change it, delete the queues while the cluster is down.", e);
            }
        }
    }

    private Task OnReplyAsync(object sender, BasicDeliverEventArgs args)
    {
        var callId = args.BasicProperties.CorrelationId;
        if (callId is null || !_pending.TryGetValue(callId, out var pending))
        {
            return Task.CompletedTask; // the caller timed out already
        }
        try
        {
            var status = RabbitMqHeaders.GetString(args.BasicProperties.Headers, RabbitMqHeaders.Status);
            if (status == StatusOk)
            {
                pending.Reply.TrySetResult(Serializer.ReadValue(args.Body.Span, pending.Method?.ResultType));
            }
            else
            {
                var info = Serializer.Read<ExceptionInfo>(args.Body.Span)
                    ?? new ExceptionInfo(typeof(RemoteGrainException).FullName!, string.Empty, "unknown error");
                pending.Reply.TrySetException(info.ToException());
            }
        }
        catch (Exception e)
        {
            pending.Reply.TrySetException(new InvalidOperationException($"The reply could not be read: {e.Message}", e));
        }
        return Task.CompletedTask;
    }

    private Task OnConnectionShutdownAsync(RabbitMqSession session, ShutdownEventArgs args)
    {
        if (!ReferenceEquals(_session, session) && _session is not null)
        {
            return Task.CompletedTask;
        }
        _session = null;
        if (_stopped)
        {
            return Task.CompletedTask;
        }
        _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _log.LogWarning("Lost the RabbitMQ connection ({Reason}); reconnecting", args.ReplyText);
        FailPending($"broker connection lost: {args.ReplyText}");
        ConnectionLost?.Invoke(args.ReplyText);
        _ = Task.Run(async () =>
        {
            try
            {
                await ConnectWithRetriesAsync(_disposing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        });
        return Task.CompletedTask;
    }

    private void FailPending(string reason)
    {
        foreach (var callId in _pending.Keys)
        {
            if (_pending.TryRemove(callId, out var pending))
            {
                pending.Reply.TrySetException(new ClusterUnavailableException($"The call's reply cannot arrive: {reason}."));
            }
        }
    }

    private static string DeathReason(IDictionary<string, object?>? headers)
    {
        if (headers?.TryGetValue(RabbitMqHeaders.Death, out var death) == true && death is IList<object?> { Count: > 0 } entries
            && entries[0] is IDictionary<string, object?> first)
        {
            return RabbitMqHeaders.GetString(first, "reason") ?? "dead-lettered";
        }
        return "dead-lettered";
    }
}
