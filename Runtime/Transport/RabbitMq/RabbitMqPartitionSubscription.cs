using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

/// <summary>
/// A consumer on one partition queue, on a channel of its own: closing that channel is how a silo hands
/// the partition over (RabbitMQ then requeues its unacknowledged messages for the next consumer).
/// Acknowledgements go out from one loop, and are all flushed before the channel closes.
/// </summary>
internal sealed class RabbitMqPartitionSubscription : IPartitionSubscription
{
    private readonly IChannel _channel;
    private readonly IDeliveryHandler _handler;
    private readonly Channel<(ulong Tag, bool Ack, bool Requeue)> _settlements =
        System.Threading.Channels.Channel.CreateUnbounded<(ulong, bool, bool)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _settleLoop;
    private volatile bool _closed;

    private RabbitMqPartitionSubscription(int partition, IChannel channel, IDeliveryHandler handler, RabbitMqTransport transport)
    {
        Partition = partition;
        _channel = channel;
        _handler = handler;
        Transport = transport;
        _settleLoop = Task.Run(SettleLoopAsync);
    }

    public int Partition { get; }

    public RabbitMqTransport Transport { get; }

    public static async Task<RabbitMqPartitionSubscription> StartAsync(
        IConnection connection, string queue, string consumerTag, int partition, ushort prefetch, IDeliveryHandler handler,
        RabbitMqTransport transport, CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, null, 1), cancellationToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, prefetch, false, cancellationToken).ConfigureAwait(false);
        var subscription = new RabbitMqPartitionSubscription(partition, channel, handler, transport);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += subscription.OnReceivedAsync;
        await channel.BasicConsumeAsync(queue, autoAck: false, consumerTag, noLocal: false, exclusive: false, arguments: null, consumer, cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    public void Settle(ulong tag, bool acknowledged, bool requeue)
    {
        if (!_closed)
        {
            _settlements.Writer.TryWrite((tag, acknowledged, requeue));
        }
    }

    public async Task CloseAsync()
    {
        // Acks decided before the hand-over must reach the broker first, or their messages would run again elsewhere.
        _settlements.Writer.TryComplete();
        await _settleLoop.ConfigureAwait(false);
        _closed = true;
        try
        {
            await _channel.CloseAsync(200, "partition released", false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already closed with its connection: the broker has requeued everything anyway.
        }
        _channel.Dispose();
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs args)
    {
        if (_closed)
        {
            return;
        }
        var properties = args.BasicProperties;
        var delivery = new RabbitMqDelivery(
            MessageCodec.FromProperties(properties),
            (int)RabbitMqHeaders.GetLong(properties.Headers, RabbitMqHeaders.DeliveryCount),
            args.Body.ToArray(), // the client owns args.Body only during this callback
            properties.ReplyTo,
            args.DeliveryTag,
            this);
        await _handler.HandleAsync(delivery).ConfigureAwait(false);
    }

    private async Task SettleLoopAsync()
    {
        await foreach (var (tag, ack, requeue) in _settlements.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (ack)
                {
                    await _channel.BasicAckAsync(tag, false, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await _channel.BasicNackAsync(tag, false, requeue, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                // The channel is gone; the broker returns the message to the queue, and redelivery is idempotent.
            }
        }
    }
}
