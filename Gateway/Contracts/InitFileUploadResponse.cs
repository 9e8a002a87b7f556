namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// The log-ingest seed's answer to <c>POST /ingest/files/init</c>: PUT the file to <see cref="PresignedUrl"/> within
/// <see cref="ExpiresIn"/> seconds (any Content-Type), then <c>POST /ingest/files/complete</c> with the job id.
/// </summary>
public sealed record InitFileUploadResponse(string JobId, string PresignedUrl, long ExpiresIn, DateTimeOffset ExpiresAt, string UploadMethod);
