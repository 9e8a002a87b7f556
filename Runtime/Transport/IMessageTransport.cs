using IngestionCluster.Runtime.Messaging;

namespace IngestionCluster.Runtime.Transport;

/// <summary>
/// Moves calls to partitions and replies back. Implementations: in-memory (one process) and RabbitMQ
/// (quorum queues with single active consumer, publisher confirms, direct reply-to).
/// </summary>
internal interface IMessageTransport : IAsyncDisposable
{
    string Name { get; }

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Sends a request and waits for its reply (or the message's timeout).</summary>
    Task<object?> RequestAsync(OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>Completes once the message is durably in its partition queue.</summary>
    Task SendAsync(OutboundMessage message, CancellationToken cancellationToken);

    Task<IPartitionSubscription> SubscribeAsync(int partition, IDeliveryHandler handler, CancellationToken cancellationToken);

    /// <summary>Application events (topic exchange <c>{cluster}.events</c>).</summary>
    IEventBus Events { get; }

    /// <summary>Runtime control traffic such as membership heartbeats.</summary>
    IEventBus Control { get; }

    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int max, CancellationToken cancellationToken);

    Task CheckHealthAsync(CancellationToken cancellationToken);

    /// <summary>Raised when the transport lost its broker connection: every subscription is gone.</summary>
    event Action<string>? ConnectionLost;

    /// <summary>Drop everything at once, as if the process died (tests).</summary>
    void Abort();
}
