namespace IngestionCluster.Grains.Sessions;

/// <summary>The chunks of one image by index; knows when it is complete and joins them in order.</summary>
internal sealed class ChunkAssembler(int maxImageBytes)
{
    private byte[]?[] _chunks = [];
    private int _received;
    private long _bytes;

    public int Total { get; private set; }

    public int Received => _received;

    public long Bytes => _bytes;

    public bool IsComplete => Total > 0 && _received == Total;

    /// <summary>What <see cref="Add"/> would do with the chunk, without doing it.</summary>
    public ChunkAddOutcome Check(int index, int total, byte[] data)
    {
        if (Total != 0 && total != Total)
        {
            return ChunkAddOutcome.TotalChanged;
        }
        if (index < 0 || index >= total)
        {
            return ChunkAddOutcome.IndexOutOfRange;
        }
        if (Total != 0 && _chunks[index] is { } existing)
        {
            return existing.AsSpan().SequenceEqual(data) ? ChunkAddOutcome.Duplicate : ChunkAddOutcome.Conflict;
        }
        return _bytes + data.Length > maxImageBytes ? ChunkAddOutcome.TooLarge : ChunkAddOutcome.Added;
    }

    public ChunkAddOutcome Add(int index, int total, byte[] data)
    {
        var outcome = Check(index, total, data);
        if (outcome != ChunkAddOutcome.Added)
        {
            return outcome;
        }
        if (Total == 0)
        {
            Total = total;
            _chunks = new byte[total][];
        }
        _chunks[index] = data;
        _received++;
        _bytes += data.Length;
        return ChunkAddOutcome.Added;
    }

    /// <summary>Takes back a chunk that was added but could not be staged.</summary>
    public void Remove(int index)
    {
        if (index < _chunks.Length && _chunks[index] is { } data)
        {
            _chunks[index] = null;
            _received--;
            _bytes -= data.Length;
        }
    }

    public byte[] Assemble()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException($"Only {_received} of {Total} chunks are here.");
        }
        var image = new byte[_bytes];
        var offset = 0;
        foreach (var chunk in _chunks)
        {
            chunk!.CopyTo(image, offset);
            offset += chunk!.Length;
        }
        return image;
    }

    /// <summary>Indices not received yet, in order.</summary>
    public IReadOnlyList<int> Missing() => [.. Enumerable.Range(0, _chunks.Length).Where(i => _chunks[i] is null)];

    /// <summary>Drops the chunk data (after the image is stored).</summary>
    public void Release()
    {
        _chunks = [];
    }
}
