namespace IngestionCluster.Gateway.Contracts;

/// <summary>Body of the log-ingest seed's <c>POST /ingest/files/init</c>: the log file about to be uploaded.</summary>
public sealed record InitFileUploadRequest(string? Filename, long? Size, string? LogFormat);
