using IngestionCluster.Gateway.Errors;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>
/// A forward-only view of a request body (or one multipart section) for the blob store: it first replays
/// the bytes already read to sniff the content type, then reads the rest, and fails with 413 as soon as
/// more than the limit went through — so an oversize upload stops while streaming, and the blob store
/// discards what it had (temp file, aborted multipart upload).
/// </summary>
internal sealed class LimitedReadStream(ReadOnlyMemory<byte> head, Stream rest, long limit, string what) : Stream
{
    private ReadOnlyMemory<byte> _head = head;
    private long _read;

    public long BytesRead => _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count;
        if (!_head.IsEmpty)
        {
            count = Math.Min(buffer.Length, _head.Length);
            _head[..count].CopyTo(buffer);
            _head = _head[count..];
        }
        else
        {
            count = await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        _read += count;
        if (_read > limit)
        {
            throw ApiProblems.PayloadTooLarge($"{what} is larger than the limit of {limit} bytes.");
        }
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Request bodies are read asynchronously only (Kestrel forbids synchronous reads).
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the body asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
