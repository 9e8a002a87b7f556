namespace IngestionCluster.Gateway.Contracts;

/// <summary>Body of <c>POST /api/v1/uploads</c>: what the client is about to upload.</summary>
public sealed record CreateUploadRequest(string? Filename, string? ContentType, long? SizeBytes);
