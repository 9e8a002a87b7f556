namespace IngestionCluster.Gateway.Auth;

/// <summary>Claim names of the gateway's tokens (used as they are, without mapping to long URIs).</summary>
public static class ApiClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string CameraId = "camera_id";

    /// <summary>The token's expiry, in Unix seconds (RFC 7519).</summary>
    public const string Expires = "exp";
}
