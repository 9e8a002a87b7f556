using System.Collections.Concurrent;
using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>
/// The ceiling without the runtime: publish to a quorum queue with single active consumer, consume,
/// reply through direct reply-to, acknowledge — what a grain call costs the broker, and nothing else.
/// </summary>
public sealed class RawRabbitMqEcho : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _pending = new();
    private readonly SemaphoreSlim _publishLock = new(1, 1);
    private IConnection? _serverConnection;
    private IConnection? _clientConnection;
    private IChannel? _clientChannel;
    private string _queue = string.Empty;
    private long _counter;

    public async Task StartAsync(Uri uri)
    {
        var factory = new ConnectionFactory { Uri = uri, ConsumerDispatchConcurrency = 1 };
        _serverConnection = await factory.CreateConnectionAsync();
        _clientConnection = await factory.CreateConnectionAsync();
        _queue = $"bench-raw-{Guid.NewGuid():N}";

        var serverChannel = await _serverConnection.CreateChannelAsync();
        await serverChannel.QueueDeclareAsync(_queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-single-active-consumer"] = true,
        });
        await serverChannel.BasicQosAsync(0, 1000, false);
        var server = new AsyncEventingBasicConsumer(serverChannel);
        server.ReceivedAsync += async (_, args) =>
        {
            var reply = new BasicProperties { CorrelationId = args.BasicProperties.CorrelationId };
            await serverChannel.BasicPublishAsync(string.Empty, args.BasicProperties.ReplyTo!, false, reply, args.Body.ToArray());
            await serverChannel.BasicAckAsync(args.DeliveryTag, false);
        };
        await serverChannel.BasicConsumeAsync(_queue, autoAck: false, server);

        _clientChannel = await _clientConnection.CreateChannelAsync();
        var replies = new AsyncEventingBasicConsumer(_clientChannel);
        replies.ReceivedAsync += (_, args) =>
        {
            if (_pending.TryRemove(args.BasicProperties.CorrelationId!, out var waiter))
            {
                waiter.TrySetResult(args.Body.ToArray());
            }
            return Task.CompletedTask;
        };
        await _clientChannel.BasicConsumeAsync("amq.rabbitmq.reply-to", autoAck: true, replies);
    }

    public async Task<byte[]> EchoAsync(byte[] payload)
    {
        var id = Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);
        var waiter = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        var properties = new BasicProperties { CorrelationId = id, ReplyTo = "amq.rabbitmq.reply-to", Persistent = true };
        await _publishLock.WaitAsync();
        try
        {
            await _clientChannel!.BasicPublishAsync(string.Empty, _queue, false, properties, payload);
        }
        finally
        {
            _publishLock.Release();
        }
        return await waiter.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (_serverConnection is not null)
        {
            await using var channel = await _serverConnection.CreateChannelAsync();
            await channel.QueueDeleteAsync(_queue);
            await _serverConnection.CloseAsync();
        }
        if (_clientConnection is not null)
        {
            await _clientConnection.CloseAsync();
        }
    }
}
