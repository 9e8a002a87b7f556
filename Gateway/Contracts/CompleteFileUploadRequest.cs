namespace IngestionCluster.Gateway.Contracts;

/// <summary>Body of the log-ingest seed's <c>POST /ingest/files/complete</c>.</summary>
public sealed record CompleteFileUploadRequest(string? JobId);
