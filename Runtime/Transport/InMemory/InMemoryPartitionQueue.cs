using IngestionCluster.Runtime.Messaging;

namespace IngestionCluster.Runtime.Transport.InMemory;

/// <summary>
/// An in-memory partition queue with the broker semantics the runtime relies on: a single active
/// consumer (the oldest subscription), unacknowledged messages returned to the queue when their
/// consumer closes, a delivery limit, and dead-lettering beyond it.
/// </summary>
internal sealed class InMemoryPartitionQueue(int partition, InMemoryBroker broker)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<InMemoryMessage> _ready = new();
    private readonly List<InMemorySubscription> _consumers = [];
    private long _sequence;

    public int Partition { get; } = partition;

    public int ReadyCount
    {
        get
        {
            lock (_lock)
            {
                return _ready.Count;
            }
        }
    }

    public void Enqueue(OutboundMessage outbound, TaskCompletionSource<object?>? reply)
    {
        InMemorySubscription? target = null;
        InMemoryMessage message;
        lock (_lock)
        {
            message = new InMemoryMessage(outbound, reply, ++_sequence);
            if (_consumers.Count > 0)
            {
                target = _consumers[0];
                target.Unacked.Add(message.Sequence, message);
            }
            else
            {
                _ready.AddLast(message);
            }
        }
        target?.Deliver(message);
    }

    public InMemorySubscription Subscribe(IDeliveryHandler handler, object owner)
    {
        var subscription = new InMemorySubscription(this, handler, owner);
        lock (_lock)
        {
            _consumers.Add(subscription);
        }
        Pump();
        return subscription;
    }

    public void Unsubscribe(InMemorySubscription subscription)
    {
        lock (_lock)
        {
            if (!_consumers.Remove(subscription))
            {
                return;
            }
            subscription.Closed = true;
            // Back to the head of the queue in their original order, one more return each.
            foreach (var message in subscription.Unacked.Values.OrderByDescending(m => m.Sequence))
            {
                Return(message);
            }
            subscription.Unacked.Clear();
        }
        Pump();
    }

    public void Settle(InMemorySubscription subscription, InMemoryMessage message, bool acknowledged, bool requeue)
    {
        lock (_lock)
        {
            if (!subscription.Unacked.Remove(message.Sequence))
            {
                return;
            }
            if (!acknowledged)
            {
                if (requeue)
                {
                    Return(message);
                }
                else
                {
                    broker.DeadLetter(message, "rejected");
                }
            }
        }
        if (!acknowledged && requeue)
        {
            Pump();
        }
    }

    // Caller holds the lock.
    private void Return(InMemoryMessage message)
    {
        message.Returns++;
        if (message.Returns > broker.DeliveryLimit)
        {
            broker.DeadLetter(message, "delivery_limit");
            return;
        }
        _ready.AddFirst(message);
    }

    private void Pump()
    {
        List<InMemoryMessage>? batch = null;
        InMemorySubscription? target;
        lock (_lock)
        {
            if (_consumers.Count == 0 || _ready.Count == 0)
            {
                return;
            }
            target = _consumers[0];
            batch = new List<InMemoryMessage>(_ready.Count);
            while (_ready.First is { } first)
            {
                _ready.RemoveFirst();
                target.Unacked.Add(first.Value.Sequence, first.Value);
                batch.Add(first.Value);
            }
        }
        foreach (var message in batch)
        {
            target.Deliver(message);
        }
    }
}
