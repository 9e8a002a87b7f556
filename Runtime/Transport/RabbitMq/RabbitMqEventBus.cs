using System.Collections.Concurrent;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

/// <summary>
/// Topic exchange publish/subscribe. Each subscription has a server-named exclusive queue bound with its
/// pattern, and a bounded local queue so a slow handler drops its oldest events instead of stalling others.
/// Subscriptions are re-created after a reconnect.
/// </summary>
internal sealed class RabbitMqEventBus(RabbitMqTransport transport, string exchange) : IEventBus
{
    private const int LocalQueueCapacity = 10_000;
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    public string Exchange => exchange;

    public Task PublishAsync(string routingKey, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        transport.PublishFireAndForgetAsync(exchange, routingKey, payload, cancellationToken);

    public async Task<IAsyncDisposable> SubscribeAsync(string pattern, Func<BusEvent, ValueTask> handler, CancellationToken cancellationToken)
    {
        var subscription = new Subscription(this, pattern, handler);
        _subscriptions[subscription] = 0;
        await subscription.BindAsync(transport.RequireConnection(), cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    /// <summary>After a reconnect, every subscription gets a new queue on the new connection.</summary>
    public async Task RebindAllAsync(IConnection connection, CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            await subscription.BindAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Subscription : IAsyncDisposable
    {
        private readonly RabbitMqEventBus _bus;
        private readonly string _pattern;
        private readonly Channel<BusEvent> _local = System.Threading.Channels.Channel.CreateBounded<BusEvent>(
            new BoundedChannelOptions(LocalQueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        private readonly Task _loop;
        private IChannel? _channel;

        public Subscription(RabbitMqEventBus bus, string pattern, Func<BusEvent, ValueTask> handler)
        {
            _bus = bus;
            _pattern = pattern;
            _loop = Task.Run(async () =>
            {
                await foreach (var busEvent in _local.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    try
                    {
                        await handler(busEvent).ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        // A failing handler sees the next event.
                    }
                }
            });
        }

        public async Task BindAsync(IConnection connection, CancellationToken cancellationToken)
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var queue = await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(queue.QueueName, _bus.Exchange, _pattern, cancellationToken: cancellationToken).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, args) =>
            {
                _local.Writer.TryWrite(new BusEvent(args.RoutingKey, args.Body.ToArray()));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, cancellationToken).ConfigureAwait(false);
            var previous = Interlocked.Exchange(ref _channel, channel);
            previous?.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            _bus._subscriptions.TryRemove(this, out _);
            if (Interlocked.Exchange(ref _channel, null) is { } channel)
            {
                try
                {
                    await channel.CloseAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
                channel.Dispose();
            }
            _local.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }
    }
}
