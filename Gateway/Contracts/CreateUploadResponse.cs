using IngestionCluster.Grains.Abstractions.Jobs;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// Where to upload: send the bytes with <c>PUT {upload_url}</c> and header <c>Content-Type: {content_type}</c>
/// before <see cref="ExpiresAt"/>, then <c>POST /api/v1/jobs/{job_id}/complete</c>.
/// </summary>
public sealed record CreateUploadResponse(string JobId, UploadJobStatus Status, string UploadUrl, string UploadMethod, string? ContentType, DateTimeOffset ExpiresAt);
