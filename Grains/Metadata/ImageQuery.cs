namespace IngestionCluster.Grains.Metadata;

public sealed record ImageQuery(string? CameraId, DateTimeOffset? From, DateTimeOffset? To, int Skip, int Limit);

public sealed record Page<T>(IReadOnlyList<T> Items, long Total);
