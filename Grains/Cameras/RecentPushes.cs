using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// The last few frames pushed with a timestamp of the client's own, and what each push answered. A client that
/// retries a push whose answer it never got (a timeout, a dropped connection) sends the same bytes with the same
/// timestamp: it gets the first answer again, not a second sequence number and a second stored image.
/// </summary>
internal sealed class RecentPushes
{
    /// <summary>Enough for the retries that follow a failure; each entry holds on to a frame.</summary>
    public const int Capacity = 4;

    private readonly Queue<(DateTimeOffset Timestamp, byte[] Jpeg, FramePushResult Answer)> _pushes = new();

    /// <summary>The answer to an earlier push of these bytes with this timestamp, or null.</summary>
    public FramePushResult? AnswerTo(DateTimeOffset timestamp, byte[] jpeg)
    {
        foreach (var push in _pushes)
        {
            if (push.Timestamp == timestamp && push.Jpeg.AsSpan().SequenceEqual(jpeg))
            {
                return push.Answer;
            }
        }
        return null;
    }

    public void Add(DateTimeOffset timestamp, byte[] jpeg, FramePushResult answer)
    {
        _pushes.Enqueue((timestamp, jpeg, answer));
        while (_pushes.Count > Capacity)
        {
            _pushes.Dequeue();
        }
    }

    public void Clear() => _pushes.Clear();
}
