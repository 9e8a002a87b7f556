using System.IO.Pipelines;
using System.Threading.Channels;
using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// The single writer of a connection: packets from any thread go through a bounded channel (so
/// PUBACKs leave in the order they were queued) and one loop encodes them into the pipe, flushing
/// when the channel runs dry or a batch grows large.
/// </summary>
internal sealed class OutboundPacketQueue
{
    private const int Capacity = 1024;
    private const int FlushThresholdBytes = 64 * 1024;

    private readonly Channel<OutboundPacket> _channel = Channel.CreateBounded<OutboundPacket>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly PipeWriter _output;
    private readonly TimeProvider _time;
    private long _lastSent;

    public OutboundPacketQueue(PipeWriter output, TimeProvider time)
    {
        _output = output;
        _time = time;
        _lastSent = time.GetTimestamp();
    }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last flush to the network.</summary>
    public long LastSentTimestamp => Interlocked.Read(ref _lastSent);

    /// <summary>Queues a packet; completes once it is queued, not sent.</summary>
    public ValueTask EnqueueAsync(MqttPacket packet, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(new OutboundPacket(packet, null), cancellationToken);

    /// <summary>Queues without waiting; false when the queue is full or closed.</summary>
    public bool TryEnqueue(MqttPacket packet) => _channel.Writer.TryWrite(new OutboundPacket(packet, null));

    /// <summary>Completes once every packet queued before it has been flushed to the network.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => SendAsync(null, cancellationToken);

    /// <summary>Queues a packet and completes once it has been flushed to the network.</summary>
    public async Task SendAsync(MqttPacket? packet, CancellationToken cancellationToken)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(new OutboundPacket(packet, sent), cancellationToken).ConfigureAwait(false);
        await sent.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>No more packets: pending writers fail with <see cref="ChannelClosedException"/>.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Writes until <see cref="Complete"/> or cancellation; failures of the network propagate.</summary>
    public async Task RunAsync(Func<Exception> closedError, CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        var awaitingFlush = new List<TaskCompletionSource>();
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_output.UnflushedBytes < FlushThresholdBytes && reader.TryRead(out var item))
                {
                    try
                    {
                        if (item.Packet is not null)
                        {
                            MqttPacketEncoder.Encode(item.Packet, _output);
                        }
                    }
                    catch (ArgumentException ex)
                    {
                        // Nothing was written for it: encoding validates before it touches the pipe.
                        item.Sent?.TrySetException(ex);
                        continue;
                    }
                    if (item.Sent is not null)
                    {
                        awaitingFlush.Add(item.Sent);
                    }
                }
                await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastSent, _time.GetTimestamp());
                foreach (var sent in awaitingFlush)
                {
                    sent.TrySetResult();
                }
                awaitingFlush.Clear();
            }
        }
        finally
        {
            _channel.Writer.TryComplete();
            foreach (var sent in awaitingFlush)
            {
                sent.TrySetException(closedError());
            }
            while (reader.TryRead(out var item))
            {
                item.Sent?.TrySetException(closedError());
            }
        }
    }

    /// <summary>A packet to write; a null packet is a flush barrier.</summary>
    private readonly record struct OutboundPacket(MqttPacket? Packet, TaskCompletionSource? Sent);
}
