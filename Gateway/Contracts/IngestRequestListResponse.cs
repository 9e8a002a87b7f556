using IngestionCluster.Grains.Abstractions.Requests;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>One page of ingest requests (uploads and RTSP captures), newest first.</summary>
public sealed record IngestRequestListResponse(long Total, int Skip, int Limit, IReadOnlyList<IngestRequestInfo> Requests);
