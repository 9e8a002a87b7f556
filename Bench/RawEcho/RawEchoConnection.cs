using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace IngestionCluster.Bench.RawEcho;

/// <summary>
/// One client connection of the raw echo with many requests outstanding: requests queue for a writer
/// loop that, coalescing, sends whatever is queued in one flush (the pipelining and write coalescing
/// Orleans' own connections do), or else flushes each request on its own; replies come back in order and
/// complete the oldest waiting request.
/// </summary>
public sealed class RawEchoConnection : IAsyncDisposable
{
    private readonly Channel<Request> _outgoing = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<TaskCompletionSource<byte[]>> _awaitingReply = new();
    private readonly NetworkStream _stream;
    private readonly bool _coalesce;
    private readonly Task _writing;
    private readonly Task _reading;

    private sealed record Request(byte[] Payload, TaskCompletionSource<byte[]> Reply);

    private RawEchoConnection(NetworkStream stream, bool coalesce)
    {
        _stream = stream;
        _coalesce = coalesce;
        _writing = WriteLoopAsync(PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        _reading = ReadLoopAsync(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)));
    }

    public static async Task<RawEchoConnection> ConnectAsync(IPEndPoint server, bool coalesce)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server);
        return new RawEchoConnection(new NetworkStream(socket, ownsSocket: true), coalesce);
    }

    public Task<byte[]> EchoAsync(byte[] payload)
    {
        var reply = new TaskCompletionSource<byte[]>();
        if (!_outgoing.Writer.TryWrite(new Request(payload, reply)))
        {
            reply.SetException(new ObjectDisposedException(nameof(RawEchoConnection)));
        }
        return reply.Task;
    }

    private async Task WriteLoopAsync(PipeWriter writer)
    {
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync())
            {
                while (_outgoing.Reader.TryRead(out var request))
                {
                    // Queued before the bytes leave: the reply cannot overtake its place in the queue.
                    _awaitingReply.Enqueue(request.Reply);
                    EchoFrame.Write(writer, request.Payload);
                    if (!_coalesce)
                    {
                        await writer.FlushAsync();
                    }
                }
                await writer.FlushAsync();
            }
        }
        catch (IOException e)
        {
            FailWaiting(e);
        }
        finally
        {
            await writer.CompleteAsync();
        }
    }

    private async Task ReadLoopAsync(PipeReader reader)
    {
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync();
                var buffer = read.Buffer;
                while (EchoFrame.TryRead(ref buffer, out var payload))
                {
                    if (_awaitingReply.TryDequeue(out var reply))
                    {
                        reply.SetResult(payload.ToArray());
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    FailWaiting(new IOException("The echo server closed the connection."));
                    return;
                }
            }
        }
        catch (IOException e)
        {
            FailWaiting(e);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private void FailWaiting(Exception e)
    {
        while (_awaitingReply.TryDequeue(out var reply))
        {
            reply.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        await _writing;
        _stream.Socket.Shutdown(SocketShutdown.Send);
        await _reading;
        await _stream.DisposeAsync();
    }
}
