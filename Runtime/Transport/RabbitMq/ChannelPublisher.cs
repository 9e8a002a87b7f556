using System.Collections.Concurrent;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

/// <summary>
/// Publishes on one channel from a single loop, so frames never interleave. With confirms on, each
/// item completes when the broker confirms it (many stay in flight at once); a nack, a return of a
/// mandatory message or a closed channel fails it. Confirm tracking is our own: the client library's
/// tracking has known faults under cancellation.
/// </summary>
internal sealed class ChannelPublisher : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly bool _confirms;
    private readonly Channel<PublishItem> _queue = System.Threading.Channels.Channel.CreateUnbounded<PublishItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ulong, PublishItem> _unconfirmed = new();
    private readonly ConcurrentDictionary<string, byte> _returned = new();
    private readonly Task _loop;
    private volatile string? _closedReason;

    public ChannelPublisher(IChannel channel, bool confirms)
    {
        _channel = channel;
        _confirms = confirms;
        if (confirms)
        {
            channel.BasicAcksAsync += OnAckAsync;
            channel.BasicNacksAsync += OnNackAsync;
            channel.BasicReturnAsync += OnReturnAsync;
        }
        channel.ChannelShutdownAsync += OnShutdownAsync;
        _loop = Task.Run(RunAsync);
    }

    public IChannel Channel => _channel;

    public Task PublishAsync(PublishItem item)
    {
        if (_closedReason is { } reason)
        {
            return Task.FromException(new ClusterUnavailableException($"The broker channel is closed ({reason})."));
        }
        if (!_queue.Writer.TryWrite(item))
        {
            return Task.FromException(new ClusterUnavailableException("The publisher is stopped."));
        }
        return item.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        FailAll("publisher disposed");
    }

    private async Task RunAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_closedReason is { } reason)
            {
                item.Completion.TrySetException(new ClusterUnavailableException($"The broker channel is closed ({reason})."));
                continue;
            }
            try
            {
                if (_confirms)
                {
                    var sequence = await _channel.GetNextPublishSequenceNumberAsync(CancellationToken.None).ConfigureAwait(false);
                    _unconfirmed[sequence] = item;
                }
                await _channel.BasicPublishAsync(item.Exchange, item.RoutingKey, item.Mandatory, item.Properties, item.Body, CancellationToken.None).ConfigureAwait(false);
                if (!_confirms)
                {
                    item.Completion.TrySetResult();
                }
            }
            catch (Exception e)
            {
                item.Completion.TrySetException(new ClusterUnavailableException($"Publishing to the broker failed: {e.Message}", e));
            }
        }
    }

    private Task OnAckAsync(object sender, BasicAckEventArgs args)
    {
        Settle(args.DeliveryTag, args.Multiple, item =>
        {
            if (item.Properties.MessageId is { } id && _returned.TryRemove(id, out _))
            {
                item.Completion.TrySetException(new InvalidOperationException($"The broker could not route the message to '{item.RoutingKey}' (no such queue)."));
            }
            else
            {
                item.Completion.TrySetResult();
            }
        });
        return Task.CompletedTask;
    }

    private Task OnNackAsync(object sender, BasicNackEventArgs args)
    {
        Settle(args.DeliveryTag, args.Multiple, item =>
            item.Completion.TrySetException(new ClusterUnavailableException("The broker refused the message (nack).")));
        return Task.CompletedTask;
    }

    private Task OnReturnAsync(object sender, BasicReturnEventArgs args)
    {
        if (args.BasicProperties.MessageId is { } id)
        {
            _returned[id] = 0;
        }
        return Task.CompletedTask;
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs args)
    {
        _closedReason = args.ReplyText;
        FailAll(args.ReplyText);
        return Task.CompletedTask;
    }

    private void Settle(ulong tag, bool multiple, Action<PublishItem> settle)
    {
        if (!multiple)
        {
            if (_unconfirmed.TryRemove(tag, out var single))
            {
                settle(single);
            }
            return;
        }
        foreach (var sequence in _unconfirmed.Keys)
        {
            if (sequence <= tag && _unconfirmed.TryRemove(sequence, out var item))
            {
                settle(item);
            }
        }
    }

    private void FailAll(string reason)
    {
        foreach (var sequence in _unconfirmed.Keys)
        {
            if (_unconfirmed.TryRemove(sequence, out var item))
            {
                item.Completion.TrySetException(new ClusterUnavailableException($"The broker channel closed before confirming ({reason})."));
            }
        }
    }
}
