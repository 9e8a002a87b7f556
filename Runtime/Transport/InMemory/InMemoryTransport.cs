using IngestionCluster.Runtime.Messaging;

namespace IngestionCluster.Runtime.Transport.InMemory;

/// <summary>The transport of standalone mode and of in-memory test clusters.</summary>
internal sealed class InMemoryTransport(InMemoryBroker broker) : IMessageTransport
{
    private readonly List<InMemorySubscription> _subscriptions = [];
    private bool _aborted;

    public string Name => "in-memory";

    public IEventBus Events => broker.Events;

    public IEventBus Control => broker.Control;

    public event Action<string>? ConnectionLost;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<object?> RequestAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ThrowIfAborted();
        var reply = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        broker.Queues[message.Envelope.Partition].Enqueue(message, reply);
        try
        {
            return await reply.Task.WaitAsync(message.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new GrainCallTimeoutException(
                $"{message.Envelope.GrainType}.{message.Envelope.Method} on '{message.Envelope.GrainKey}' got no answer within {message.Timeout.TotalSeconds:0.###} s.");
        }
    }

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ThrowIfAborted();
        broker.Queues[message.Envelope.Partition].Enqueue(message, reply: null);
        return Task.CompletedTask;
    }

    public Task<IPartitionSubscription> SubscribeAsync(int partition, IDeliveryHandler handler, CancellationToken cancellationToken)
    {
        ThrowIfAborted();
        var subscription = broker.Queues[partition].Subscribe(handler, this);
        lock (_subscriptions)
        {
            _subscriptions.Add(subscription);
        }
        return Task.FromResult<IPartitionSubscription>(subscription);
    }

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DeadLetter>>(broker.DeadLetters.Take(max).ToList());

    public Task CheckHealthAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Abort()
    {
        _aborted = true;
        InMemorySubscription[] subscriptions;
        lock (_subscriptions)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }
        foreach (var subscription in subscriptions)
        {
            subscription.Queue.Unsubscribe(subscription);
        }
        ConnectionLost?.Invoke("aborted");
    }

    public ValueTask DisposeAsync()
    {
        _aborted = true;
        return ValueTask.CompletedTask;
    }

    private void ThrowIfAborted()
    {
        if (_aborted)
        {
            throw new ObjectDisposedException(nameof(InMemoryTransport), "The transport was stopped.");
        }
    }
}
