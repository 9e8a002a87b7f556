namespace IngestionCluster.Gateway.Contracts;

/// <summary>Body of <c>POST /auth/login</c> (the log-ingest seed's).</summary>
public sealed record LoginRequest(string? Username, string? Password);
