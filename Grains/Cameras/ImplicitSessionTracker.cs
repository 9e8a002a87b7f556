namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// Decides which capture session an MQTT chunk without an <c>image_id</c> belongs to. A camera sends
/// its images one after another; a chunk whose index the current session already holds with other
/// data, or a chunk after the session got all its indices, starts the next session. Chunks identical to
/// ones of a recently completed session are late duplicates (MQTT redeliveries) and go back to that
/// session, which ignores them. The tracker is in memory; after a restart the sessions themselves
/// catch stray chunks and bounce them back (<see cref="Rotate"/>).
/// </summary>
internal sealed class ImplicitSessionTracker(long sessionSequence)
{
    private const int RecentSessions = 4;
    private readonly LinkedList<(long Sequence, Dictionary<int, string> Digests)> _recent = new();
    private Dictionary<int, string> _current = [];
    private int? _currentTotal;

    /// <summary>The session the next chunk goes to unless it is a late duplicate.</summary>
    public long CurrentSequence { get; private set; } = sessionSequence;

    /// <summary>Returns the session sequence for the chunk and whether the current session moved on (which the caller persists).</summary>
    public (long Sequence, bool Rotated) Route(int index, int total, string digest)
    {
        foreach (var (sequence, digests) in _recent)
        {
            if (digests.TryGetValue(index, out var known) && known == digest)
            {
                return (sequence, false);
            }
        }
        var rotated = false;
        if (_current.TryGetValue(index, out var existing))
        {
            if (existing == digest)
            {
                return (CurrentSequence, false);
            }
            // Same index, other bytes: the previous image stays incomplete (it will go stale) and a new one starts.
            Rotate();
            rotated = true;
        }
        _current[index] = digest;
        _currentTotal ??= total;
        var sequenceForChunk = CurrentSequence;
        if (_currentTotal == total && _current.Count >= total)
        {
            Rotate();
            rotated = true;
        }
        return (sequenceForChunk, rotated);
    }

    /// <summary>
    /// The session refused the chunk (it holds other data at that index): the chunk is not that session's,
    /// so its digest must not route the chunk back there as a late duplicate once the session is closed.
    /// </summary>
    public void Refused(long sequence, int index, string digest)
    {
        if (sequence == CurrentSequence)
        {
            Forget(_current, index, digest);
            return;
        }
        foreach (var (recentSequence, digests) in _recent)
        {
            if (recentSequence == sequence)
            {
                Forget(digests, index, digest);
            }
        }
    }

    private static void Forget(Dictionary<int, string> digests, int index, string digest)
    {
        if (digests.TryGetValue(index, out var known) && known == digest)
        {
            digests.Remove(index);
        }
    }

    /// <summary>Closes the current session: the next chunk starts a new one.</summary>
    public void Rotate()
    {
        if (_current.Count > 0)
        {
            _recent.AddFirst((CurrentSequence, _current));
            while (_recent.Count > RecentSessions)
            {
                _recent.RemoveLast();
            }
        }
        _current = [];
        _currentTotal = null;
        CurrentSequence++;
    }
}
