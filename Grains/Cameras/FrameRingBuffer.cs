using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Cameras;

/// <summary>The latest N frames of a camera, oldest overwritten first.</summary>
internal sealed class FrameRingBuffer
{
    private LatestFrame?[] _slots;
    private int _next;

    public FrameRingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new LatestFrame?[capacity];
    }

    public int Capacity => _slots.Length;

    public int Count { get; private set; }

    public LatestFrame? Latest => Count == 0 ? null : _slots[(_next - 1 + _slots.Length) % _slots.Length];

    public void Add(LatestFrame frame)
    {
        _slots[_next] = frame;
        _next = (_next + 1) % _slots.Length;
        Count = Math.Min(Count + 1, _slots.Length);
    }

    /// <summary>Frames oldest first.</summary>
    public IEnumerable<LatestFrame> Frames()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _slots[(_next - Count + i + _slots.Length) % _slots.Length]!;
        }
    }

    /// <summary>The buffered frame with this sequence, or null.</summary>
    public LatestFrame? Find(long sequence)
    {
        foreach (var frame in Frames())
        {
            if (frame.Sequence == sequence)
            {
                return frame;
            }
        }
        return null;
    }

    /// <summary>Changes the capacity, keeping the newest frames.</summary>
    public void Resize(int capacity)
    {
        if (capacity == _slots.Length)
        {
            return;
        }
        var keep = Frames().TakeLast(capacity).ToArray();
        _slots = new LatestFrame?[capacity];
        _next = 0;
        Count = 0;
        foreach (var frame in keep)
        {
            Add(frame);
        }
    }

    public void Clear()
    {
        Array.Clear(_slots);
        _next = 0;
        Count = 0;
    }

    public long BytesHeld => Frames().Sum(f => (long)f.Jpeg.Length);
}
