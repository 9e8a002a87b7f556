namespace IngestionCluster.Gateway.Auth;

/// <summary>What a token says: who (<c>sub</c>), which role, for role camera which camera, and for how long.</summary>
public sealed record TokenRequest(string Subject, string Role, string? CameraId, TimeSpan Lifetime);
