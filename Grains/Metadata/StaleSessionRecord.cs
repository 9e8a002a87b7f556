namespace IngestionCluster.Grains.Metadata;

/// <summary>A capture session that never completed and was closed after the stale timeout.</summary>
public sealed record StaleSessionRecord(string CameraId, string SessionId, int ChunksReceived, int ChunksTotal, long BytesReceived, DateTimeOffset FirstChunkAt, DateTimeOffset ClosedAt);
