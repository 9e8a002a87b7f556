using IngestionCluster.Grains.Abstractions.Jobs;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>One page of upload jobs, newest first.</summary>
public sealed record JobListResponse(long Total, int Skip, int Limit, IReadOnlyList<UploadJobInfo> Jobs);
