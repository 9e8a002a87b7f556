using IngestionCluster.Grains.Abstractions.Images;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>One page of images, newest first.</summary>
public sealed record ImageListResponse(long Total, int Skip, int Limit, IReadOnlyList<ImageRecord> Images);
