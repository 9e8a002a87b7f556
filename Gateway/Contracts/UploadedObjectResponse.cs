namespace IngestionCluster.Gateway.Contracts;

/// <summary>Answer of a PUT to the gateway's own upload URL: what it stored.</summary>
public sealed record UploadedObjectResponse(string JobId, long SizeBytes, string Sha256);
