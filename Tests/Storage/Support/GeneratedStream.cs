using System.Security.Cryptography;

namespace IngestionCluster.Tests.Storage.Support;

/// <summary>
/// A non-seekable stream of unknown length producing deterministic pseudo-random bytes, like an HTTP
/// request body. Each byte depends on its position, so swapped or repeated parts change the hash.
/// Optionally fails with an <see cref="IOException"/> once <c>failAfter</c> bytes were produced, or runs a
/// callback once the position crosses a mark.
/// </summary>
internal sealed class GeneratedStream : Stream
{
    private readonly ulong _seed;
    private readonly long _length;
    private readonly long? _failAfter;
    private readonly long _callbackAt;
    private Func<Task>? _callback;
    private long _position;

    public GeneratedStream(long length, ulong seed = 1, long? failAfter = null, long callbackAt = long.MaxValue, Func<Task>? callback = null)
    {
        _length = length;
        _seed = seed;
        _failAfter = failAfter;
        _callbackAt = callbackAt;
        _callback = callback;
    }

    /// <summary>SHA-256 (lowercase hex) of the whole stream, computed from a fresh copy.</summary>
    public static string ExpectedSha256(long length, ulong seed = 1)
    {
        using var copy = new GeneratedStream(length, seed);
        return Convert.ToHexStringLower(SHA256.HashData(copy));
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_failAfter is { } limit && _position >= limit)
        {
            throw new IOException("The client went away (simulated).");
        }
        // Odd-sized reads, as a network body would deliver them.
        var count = (int)Math.Min(Math.Min(buffer.Length, 65_521), _length - _position);
        if (_failAfter is { } failAt)
        {
            count = (int)Math.Min(count, Math.Max(1, failAt - _position));
        }
        for (var i = 0; i < count; i++)
        {
            buffer[i] = ByteAt(_position + i);
        }
        _position += count;
        return count;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_callback is not null && _position >= _callbackAt)
        {
            var callback = _callback;
            _callback = null;
            await callback();
        }
        await Task.Yield();
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private byte ByteAt(long position)
    {
        // SplitMix64 of the 8-byte word index: cheap, position-dependent, no period worth mentioning.
        var z = _seed + (ulong)(position >> 3) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (byte)(z >> (int)((position & 7) * 8));
    }
}
