namespace IngestionCluster.Gateway.Contracts;

/// <summary>Answer of <c>POST /ingest/ldo</c>.</summary>
public sealed record LdoIngestedResponse(string Id, string Status, long SizeBytes);
