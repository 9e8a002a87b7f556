using System.Collections.Concurrent;

namespace IngestionCluster.Runtime.Transport.InMemory;

/// <summary>
/// The "broker" that in-memory transports of one process share: partition queues, event buses and a
/// dead-letter list. A standalone silo has one; a TestCluster shares one between its silos and clients.
/// </summary>
internal sealed class InMemoryBroker
{
    private const int MaxDeadLetters = 10_000;
    private readonly ConcurrentQueue<DeadLetter> _deadLetters = new();

    public InMemoryBroker(int partitionCount, int deliveryLimit)
    {
        DeliveryLimit = deliveryLimit;
        Queues = Enumerable.Range(0, partitionCount).Select(p => new InMemoryPartitionQueue(p, this)).ToArray();
    }

    public int DeliveryLimit { get; }

    public InMemoryPartitionQueue[] Queues { get; }

    public InMemoryEventBus Events { get; } = new();

    public InMemoryEventBus Control { get; } = new();

    public IReadOnlyList<DeadLetter> DeadLetters => _deadLetters.ToArray();

    public void DeadLetter(InMemoryMessage message, string reason)
    {
        var envelope = message.Outbound.Envelope;
        _deadLetters.Enqueue(new DeadLetter(envelope.GrainType, envelope.GrainKey, envelope.Method, envelope.Partition,
            reason, message.Returns, envelope.CallId, 0));
        while (_deadLetters.Count > MaxDeadLetters && _deadLetters.TryDequeue(out _))
        {
        }
        message.Reply?.TrySetException(new InvalidOperationException($"The call was dead-lettered ({reason})."));
    }
}
