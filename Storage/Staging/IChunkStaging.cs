namespace IngestionCluster.Storage.Staging;

/// <summary>
/// Where MQTT chunks wait, durably, until their image is complete: Redis in cluster mode, the SQLite file
/// standalone. A chunk is acknowledged to the broker only after <see cref="StageAsync"/> returned, so a
/// killed silo loses nothing: the session's next activation reloads what was staged.
/// </summary>
public interface IChunkStaging
{
    /// <summary>Stores chunks of a session, all or none (a repeat of the same index overwrites it).</summary>
    Task StageAsync(string sessionKey, IReadOnlyList<StagedChunk> chunks, CancellationToken cancellationToken);

    /// <summary>Everything staged for the session, or null when nothing is.</summary>
    Task<StagedSession?> LoadAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>Forgets the session's chunks (its image is stored, or it went stale).</summary>
    Task DropAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>Sessions whose last chunk was staged before <paramref name="stagedBefore"/>: their activation may be gone.</summary>
    Task<IReadOnlyList<string>> ListIdleAsync(DateTimeOffset stagedBefore, int max, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached (health checks).</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}
