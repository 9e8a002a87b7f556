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

    /// <summary>The end of the block after <paramref name="persistedReservedUntil"/>: saved first, then taken with <see cref="Reserve"/>.</summary>
    public static long BlockEnd(long persistedReservedUntil) => persistedReservedUntil + BlockSize;

    /// <summary>Takes the block after <paramref name="persistedReservedUntil"/>, once its end is saved.</summary>
    public void Reserve(long persistedReservedUntil)
    {
        _next = persistedReservedUntil + 1;
        _reservedUntil = BlockEnd(persistedReservedUntil);
    }

    public long Next() => _next++;
}
