using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// Decides which capture session an MQTT chunk without an <c>image_id</c> belongs to. A camera sends
/// its images one after another, each in index order; a chunk whose index the current session already
/// holds with other data, or a chunk after the session got all its indices, starts the next session.
/// A chunk identical to one of a recently closed session is a late duplicate (a redelivery) and goes back
/// to that session, which ignores it, unless it continues the current image in index order and is not
/// flagged as redelivered: images of one camera often share their first chunks (the JPEG header, a static
/// top of the scene), and taking those for duplicates would leave every later image without them; for the same reason
/// a live chunk like an earlier image's, at an index the current image lacks after its last chunk came, starts the next
/// image (the current one lost its first chunks to such a guess and goes stale). A chunk that
/// carries the broker's packet identifier needs none of this guessing when it is redelivered: it is a repeat when a
/// chunk with that identifier, index and bytes was routed recently (every delivery of one unacknowledged message
/// has the same identifier), and new otherwise, whatever an earlier image held. The tracker is in memory: a new
/// activation recalls what the camera's last sessions hold, digests and packet identifiers (<see cref="Recall"/>).
/// </summary>
internal sealed class ImplicitSessionTracker(long sessionSequence)
{
    public const int RecentSessions = 4;

    /// <summary>
    /// How many deliveries the tracker keeps the identifiers of: more than one hand-off brings
    /// (<see cref="ChunkHandOffLimits.MaxChunks"/>), so a retried or redelivered hand-off is recognised whole, however small the images.
    /// </summary>
    public const int RememberedDeliveries = ChunkHandOffLimits.MaxChunks * 3 / 2;

    /// <summary>
    /// The farthest back a delivery is remembered, in sessions: its message was acknowledged long since, so a redelivery
    /// with its identifier is another message, and that session's state may be pruned (a camera prunes only behind this).
    /// </summary>
    public const int FarthestRoutedBack = 128;
    private readonly LinkedList<(long Sequence, Dictionary<int, string> Digests)> _recent = new();
    private Dictionary<int, string> _current = [];
    private int? _currentTotal;
    private int _nextIndex;
    private readonly List<Delivery> _deliveries = [];
    private bool _identifiersForgotten;
    private long _newestLeaderTerm;

    /// <summary>True until <see cref="Recall"/> ran, when an earlier activation may have routed chunks.</summary>
    public bool NeedsRecall { get; private set; } = true;

    /// <summary>
    /// Takes up what an earlier activation knew: what the sessions before the current one held (oldest first; the last
    /// <see cref="RecentSessions"/> of them for their bytes, enough for <see cref="RememberedDeliveries"/> chunks for their
    /// identifiers) and what the current one holds. Their packet identifiers decide about redeliveries as this
    /// activation's own would, unless some chunk was staged without one (QoS 0, or by an older version): then
    /// redelivered chunks are judged by their bytes until a live chunk comes.
    /// </summary>
    public void Recall(IReadOnlyList<(long Sequence, HeldChunk?[] Held)> earlier, HeldChunk?[] current)
    {
        var everyIdentifierKnown = true;
        foreach (var (sequence, held) in earlier)
        {
            if (Digests(held) is { Count: > 0 } digests)
            {
                _recent.AddFirst((sequence, digests));
                everyIdentifierKnown &= RecallDeliveries(sequence, held);
            }
        }
        while (_recent.Count > RecentSessions)
        {
            _recent.RemoveLast();
        }
        _current = Digests(current);
        everyIdentifierKnown &= RecallDeliveries(CurrentSequence, current);
        if (_current.Count > 0)
        {
            _currentTotal = current.Length;
            _nextIndex = _current.Keys.Max() + 1;
        }
        _identifiersForgotten = !everyIdentifierKnown;
        NeedsRecall = false;
        if (_current.Count > 0 && _current.Count >= current.Length)
        {
            // The earlier activation staged the image's last chunk but died before it moved on. Moving on now keeps
            // the next image's first chunk, when it repeats this one's (a JPEG header), from being taken for a repeat.
            Rotate();
        }
    }

    private static Dictionary<int, string> Digests(HeldChunk?[] held) =>
        held.Select((chunk, index) => (chunk, index)).Where(h => h.chunk is not null).ToDictionary(h => h.index, h => h.chunk!.Digest);

    /// <summary>Keeps the identifiers <paramref name="held"/> was delivered under; false when a chunk of it has none.</summary>
    private bool RecallDeliveries(long sequence, HeldChunk?[] held)
    {
        var everyIdentifierKnown = true;
        for (var index = 0; index < held.Length; index++)
        {
            if (held[index] is { } chunk)
            {
                if (chunk.DeliveryId is { } id)
                {
                    Record(sequence, index, chunk.Digest, id);
                }
                else
                {
                    everyIdentifierKnown = false;
                }
            }
        }
        return everyIdentifierKnown;
    }

    /// <summary>The session the next chunk goes to unless it is a late duplicate.</summary>
    public long CurrentSequence { get; private set; } = sessionSequence;

    /// <summary>Returns the session sequence for the chunk and whether the current session moved on (which the caller persists).</summary>
    /// <param name="redelivered">The chunk may have been handed over before (the broker's DUP flag, a hand-off retry).</param>
    /// <param name="deliveryId">The broker's packet identifier of the message, when it has one.</param>
    /// <param name="leaderTerm">
    /// The term of the MQTT bridge leader that handed the chunk over (<see cref="ImageChunk.LeaderTerm"/>). A chunk from an
    /// earlier term than one heard of may come from a leader paused past its lease, whose message the broker delivered
    /// again to a successor that handed it over first: it is a repeat when such a redelivery, under a later term, had its
    /// identifier, index and bytes; otherwise it is taken as its own flags say, so the term decides nothing else.
    /// </param>
    public (long Sequence, bool Rotated) Route(int index, int total, string digest, bool redelivered = false, int? deliveryId = null, long? leaderTerm = null)
    {
        if (leaderTerm is { } term && deliveryId is { } id)
        {
            if (term < _newestLeaderTerm && RedeliveredUnderLaterTerm(id, index, digest, term) is { } handedOverAgain)
            {
                return (handedOverAgain, false);
            }
            _newestLeaderTerm = Math.Max(_newestLeaderTerm, term);
        }
        if (!redelivered)
        {
            _identifiersForgotten = false;
        }
        var knownDelivery = redelivered && deliveryId is not null && !_identifiersForgotten;
        if (knownDelivery && DeliveredTo(deliveryId!.Value, index, digest) is { } delivered)
        {
            return (delivered, false);
        }
        _current.TryGetValue(index, out var held);
        if (held == digest)
        {
            return Repeat(CurrentSequence, index, digest, deliveryId, RedeliveryTerm(redelivered, leaderTerm));
        }
        // A redelivered chunk whose identifier was not routed here is new: it is taken like a first delivery.
        var mayRepeatEarlierImage = redelivered && !knownDelivery;
        var continuesCurrentImage = held is null && !mayRepeatEarlierImage && index == _nextIndex;
        var startsNextImage = false;
        if (!continuesCurrentImage && !knownDelivery && RecentSessionHolding(index, digest) is { } earlier)
        {
            if (redelivered || held is not null || !HoldsLastChunk())
            {
                return Repeat(earlier, index, digest, deliveryId, RedeliveryTerm(redelivered, leaderTerm));
            }
            // A live chunk like an earlier image's, after the current image's last chunk came: the next image, starting
            // with the same bytes. The current one lacks chunks that went elsewhere (redeliveries after a move taken for
            // repeats); taking this chunk for a repeat too would leave every next image without its shared chunks.
            startsNextImage = true;
        }
        var rotated = false;
        if (held is not null || startsNextImage)
        {
            // Same index, other bytes, or the next image begun: the previous image stays incomplete (it will go stale).
            Rotate();
            rotated = true;
        }
        _current[index] = digest;
        _currentTotal ??= total;
        _nextIndex = Math.Max(_nextIndex, index + 1);
        var sequenceForChunk = CurrentSequence;
        Record(sequenceForChunk, index, digest, deliveryId, RedeliveryTerm(redelivered, leaderTerm));
        if (_currentTotal == total && _current.Count >= total)
        {
            Rotate();
            rotated = true;
        }
        return (sequenceForChunk, rotated);
    }

    /// <summary>A repeat of a chunk the session holds; its identifier is kept too, as a later redelivery will carry this one.</summary>
    private (long Sequence, bool Rotated) Repeat(long sequence, int index, string digest, int? deliveryId, long? redeliveredUnder)
    {
        Record(sequence, index, digest, deliveryId, redeliveredUnder);
        return (sequence, false);
    }

    /// <summary>The leader term of a redelivered chunk; null for a first delivery, or one without a term.</summary>
    private static long? RedeliveryTerm(bool redelivered, long? leaderTerm) => redelivered ? leaderTerm : null;

    private void Record(long sequence, int index, string digest, int? deliveryId, long? redeliveredUnder = null)
    {
        if (deliveryId is { } id && DeliveredTo(id, index, digest) is null)
        {
            _deliveries.Add(new Delivery(id, index, digest, sequence, redeliveredUnder));
            if (_deliveries.Count > RememberedDeliveries)
            {
                // The oldest: acknowledged long ago, so the broker may be reusing its identifier.
                _deliveries.RemoveAt(0);
            }
        }
    }

    private long? RedeliveredUnderLaterTerm(int deliveryId, int index, string digest, long term)
    {
        foreach (var delivery in _deliveries)
        {
            if (delivery.DeliveryId == deliveryId && delivery.Index == index && delivery.Digest == digest && delivery.RedeliveredUnder > term)
            {
                return delivery.Sequence;
            }
        }
        return null;
    }

    private long? DeliveredTo(int deliveryId, int index, string digest)
    {
        foreach (var delivery in _deliveries)
        {
            if (delivery.DeliveryId == deliveryId && delivery.Index == index && delivery.Digest == digest)
            {
                return delivery.Sequence;
            }
        }
        return null;
    }

    private bool HoldsLastChunk() => _currentTotal is { } total && _current.ContainsKey(total - 1);

    private long? RecentSessionHolding(int index, string digest)
    {
        foreach (var (sequence, digests) in _recent)
        {
            if (digests.TryGetValue(index, out var known) && known == digest)
            {
                return sequence;
            }
        }
        return null;
    }

    /// <summary>
    /// The session refused the chunk (it holds other data at that index, or the chunk contradicts it): the chunk is not
    /// that session's, so its digest must not route the chunk back there as a late duplicate once the session is closed,
    /// nor, in the current session, make the image's own chunk at that index look like the next image's.
    /// </summary>
    public void Refused(long sequence, int index, string digest)
    {
        _deliveries.RemoveAll(delivery => delivery.Sequence == sequence && delivery.Index == index && delivery.Digest == digest);
        if (sequence == CurrentSequence)
        {
            Forget(_current, index, digest);
            // What the current session expects next, as if the refused chunk had never come.
            _nextIndex = _current.Count == 0 ? 0 : _current.Keys.Max() + 1;
            if (_current.Count == 0)
            {
                _currentTotal = null;
            }
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
        _nextIndex = 0;
        CurrentSequence++;
        // Identifiers are otherwise pushed out only by chunks that carry one; a camera mixing QoS 0 in keeps them longer.
        _deliveries.RemoveAll(delivery => delivery.Sequence < CurrentSequence - FarthestRoutedBack);
    }

    /// <param name="RedeliveredUnder">The leader term it came under when it was a redelivery (<see cref="Route"/>).</param>
    private sealed record Delivery(int DeliveryId, int Index, string Digest, long Sequence, long? RedeliveredUnder);
}
