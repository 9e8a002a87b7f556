namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// Monotonic frame sequence numbers across activations: each activation reserves a block in the
/// camera's persisted state (one write per block, not per frame) and numbers frames from it.
/// </summary>
internal sealed class FrameSequence
{
    public const long BlockSize = 1_000_000;
    private long _next;
    private long _reservedUntil = -1;

    /// <summary>The last sequence handed out, or 0 before the first.</summary>
    public long Last => Math.Max(0, _next - 1);

    public bool NeedsReservation => _next > _reservedUntil;

    /// <summary>Takes a new block starting after whatever the state says is reserved.</summary>
    public long Reserve(long persistedReservedUntil)
    {
        _next = persistedReservedUntil + 1;
        _reservedUntil = persistedReservedUntil + BlockSize;
        return _reservedUntil;
    }

    public long Next() => _next++;
}
