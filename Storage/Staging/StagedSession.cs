namespace IngestionCluster.Storage.Staging;

/// <summary>The staged chunks of one session, in index order, and when the last one was staged.</summary>
public sealed record StagedSession(string SessionKey, IReadOnlyList<StagedChunk> Chunks, DateTimeOffset LastStagedAt);
