namespace IngestionCluster.Runtime.Transport;

/// <summary>
/// Publish/subscribe by routing key with AMQP topic patterns (<c>*</c> one word, <c>#</c> zero or more):
/// a RabbitMQ topic exchange in cluster mode, in-process in standalone mode. Best effort: events are not
/// stored for subscribers that are not connected.
/// </summary>
public interface IEventBus
{
    Task PublishAsync(string routingKey, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    Task<IAsyncDisposable> SubscribeAsync(string pattern, Func<BusEvent, ValueTask> handler, CancellationToken cancellationToken);
}

public sealed record BusEvent(string RoutingKey, ReadOnlyMemory<byte> Payload);
