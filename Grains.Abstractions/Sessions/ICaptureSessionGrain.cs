using Orleans;

namespace IngestionCluster.Grains.Abstractions.Sessions;

/// <summary>
/// Collects the chunks of one capture (key <c>session/{cameraId}/{sessionId}</c>, placed on its camera's
/// silo). Every chunk is staged durably before <see cref="AddChunks"/> returns; the assembled image is
/// stored once, under an id derived from the session, so a repeat never stores it twice.
/// </summary>
[Alias("ic.ICaptureSessionGrain")]
public interface ICaptureSessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes chunks in order and stages the new ones in one durable write. One receipt per chunk, up to and
    /// including the first <see cref="ChunkOutcome.Bounced"/> one: the chunks after it were not looked at.
    /// </summary>
    [Alias("AddChunks")]
    Task<ChunkReceipt[]> AddChunks(ImageChunk[] chunks);

    [Alias("GetStatus")]
    Task<SessionStatus> GetStatus();

    /// <summary>
    /// Each chunk by index the session holds (staged, or stored once completed; null where it has none), so that a new
    /// activation of its camera can tell repeats of it from new chunks.
    /// </summary>
    [Alias("GetHeldChunks")]
    Task<HeldChunk?[]> GetHeldChunks();

    /// <summary>
    /// Forgets that this capture was processed, and drops its staged chunks, so the same image can be sent again;
    /// the stored image stays unless <paramref name="deleteImage"/>. A capture sent again is stored under a new image id.
    /// </summary>
    [Alias("Forget")]
    Task<ReprocessResult> Forget(bool deleteImage);

    /// <summary>
    /// Activates the session so it reloads its staged chunks and finishes or expires (called by the staging sweeper);
    /// a session with nothing staged, or that is over, is taken off the staging's list.
    /// </summary>
    [Alias("Resume")]
    Task Resume();
}
