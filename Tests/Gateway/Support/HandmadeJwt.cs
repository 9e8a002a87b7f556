using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>
/// Compact JWS tokens assembled by hand (base64url JSON and an HMAC), without Microsoft.IdentityModel:
/// what any client library produces from the documented header and claims, so the gateway's acceptance
/// does not depend on the library that validates tokens also having minted them.
/// </summary>
internal static class HandmadeJwt
{
    public static string Sign(IReadOnlyDictionary<string, object> claims, string secret = TestAuth.Secret, string algorithm = "HS256")
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = algorithm, ["typ"] = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        var input = Encoding.ASCII.GetBytes($"{header}.{payload}");
        var key = Encoding.UTF8.GetBytes(secret);
        var signature = algorithm switch
        {
            "HS256" => HMACSHA256.HashData(key, input),
            "HS512" => HMACSHA512.HashData(key, input),
            "none" => [],
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "HS256, HS512 or none"),
        };
        return $"{header}.{payload}.{Encode(signature)}";
    }

    /// <summary>The claims the <c>token</c> command writes: iss, aud, sub, role, iat, nbf, exp (and camera_id for cameras).</summary>
    public static Dictionary<string, object> Claims(string? role, TimeSpan lifetime, DateTimeOffset? notBefore = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = TestAuth.Options.Issuer,
            ["aud"] = TestAuth.Options.Audience,
            ["sub"] = "handmade",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = (notBefore ?? now).ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
        };
        if (role is not null)
        {
            claims["role"] = role;
        }
        return claims;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
