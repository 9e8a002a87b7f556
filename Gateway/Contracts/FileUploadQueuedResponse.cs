namespace IngestionCluster.Gateway.Contracts;

/// <summary>The log-ingest seed's answer to <c>POST /ingest/files/complete</c>: the job is queued (or further on).</summary>
public sealed record FileUploadQueuedResponse(string Message, string JobId, string Status);
