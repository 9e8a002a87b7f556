namespace IngestionCluster.Gateway.Contracts;

/// <summary>Body of <c>POST /auth/refresh</c>.</summary>
public sealed record RefreshTokenRequest(string? RefreshToken);
