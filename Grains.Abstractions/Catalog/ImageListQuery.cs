namespace IngestionCluster.Grains.Abstractions.Catalog;

/// <summary>Images newest first, optionally of one camera and received in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record ImageListQuery(string? CameraId, DateTimeOffset? From, DateTimeOffset? To, int Skip, int Limit);
