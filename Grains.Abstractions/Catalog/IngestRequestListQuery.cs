using IngestionCluster.Grains.Abstractions.Requests;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Catalog;

/// <summary>Ingest requests newest first, optionally in one status and of one camera.</summary>
[GenerateSerializer, Alias("ic.IngestRequestListQuery")]
public sealed record IngestRequestListQuery([Id(0)] IngestRequestStatus? Status, [Id(1)] string? CameraId, [Id(2)] int Skip, [Id(3)] int Limit);
