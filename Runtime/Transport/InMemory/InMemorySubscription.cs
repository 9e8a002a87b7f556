using System.Threading.Channels;

namespace IngestionCluster.Runtime.Transport.InMemory;

/// <summary>One consumer of an in-memory partition queue, handing deliveries to its handler one at a time.</summary>
internal sealed class InMemorySubscription : IPartitionSubscription
{
    private readonly Channel<InMemoryDelivery> _deliveries = Channel.CreateUnbounded<InMemoryDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDeliveryHandler _handler;
    private readonly Task _loop;

    public InMemorySubscription(InMemoryPartitionQueue queue, IDeliveryHandler handler, object owner)
    {
        Queue = queue;
        Owner = owner;
        _handler = handler;
        _loop = Task.Run(RunAsync);
    }

    public int Partition => Queue.Partition;

    public InMemoryPartitionQueue Queue { get; }

    /// <summary>The transport that made the subscription (for <c>Abort</c>).</summary>
    public object Owner { get; }

    /// <summary>Messages handed to this consumer and not settled yet (guarded by the queue's lock).</summary>
    public Dictionary<long, InMemoryMessage> Unacked { get; } = [];

    public bool Closed { get; set; }

    public void Deliver(InMemoryMessage message) => _deliveries.Writer.TryWrite(new InMemoryDelivery(message, this));

    public async Task CloseAsync()
    {
        Queue.Unsubscribe(this);
        _deliveries.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var delivery in _deliveries.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (Closed)
            {
                delivery.Drop();
                continue;
            }
            try
            {
                await _handler.HandleAsync(delivery).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The handler owns error handling; an escape must not stop the partition.
                delivery.Nack(requeue: true);
            }
        }
    }
}
