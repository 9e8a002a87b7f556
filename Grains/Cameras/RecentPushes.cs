namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// The last few frames pushed with a timestamp of the client's own: the frame as taken (its sequence and motion), and
/// what the push answered, once it did. A client that retries a push whose answer it never got (a timeout, a dropped
/// connection, an error while the frame was stored) sends the same bytes with the same timestamp: it gets the first
/// answer again, or the storing finished under the first sequence, not a second sequence and a second stored image.
/// </summary>
internal sealed class RecentPushes
{
    /// <summary>Enough for the retries that follow a failure; each entry holds on to a frame.</summary>
    public const int Capacity = 4;

    private readonly Queue<RecentPush> _pushes = new();

    /// <summary>An earlier push of these bytes with this timestamp, or null.</summary>
    public RecentPush? Find(DateTimeOffset timestamp, byte[] jpeg)
    {
        foreach (var push in _pushes)
        {
            if (push.Timestamp == timestamp && push.Jpeg.AsSpan().SequenceEqual(jpeg))
            {
                return push;
            }
        }
        return null;
    }

    public RecentPush Add(DateTimeOffset timestamp, byte[] jpeg, TakenFrame taken)
    {
        var push = new RecentPush(timestamp, jpeg, taken);
        _pushes.Enqueue(push);
        while (_pushes.Count > Capacity)
        {
            _pushes.Dequeue();
        }
        return push;
    }

    public void Clear() => _pushes.Clear();
}
