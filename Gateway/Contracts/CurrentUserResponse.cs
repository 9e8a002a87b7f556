namespace IngestionCluster.Gateway.Contracts;

/// <summary>Who the bearer token names (<c>GET /auth/me</c>): its subject, role, camera (role camera) and expiry.</summary>
public sealed record CurrentUserResponse(string Username, string Role, string? CameraId, DateTimeOffset? ExpiresAt);
