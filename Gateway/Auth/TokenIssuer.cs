using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IngestionCluster.Gateway.Auth;

/// <summary>Mints and describes the checks of the gateway's HS256 tokens (the <c>token</c> command and tests use it).</summary>
public static class TokenIssuer
{
    private static readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static SymmetricSecurityKey SigningKey(string secret) => new(Encoding.UTF8.GetBytes(secret));

    /// <summary>Signature (HS256 only), issuer, audience and lifetime (with the configured skew) are all checked; <c>exp</c> is required.</summary>
    public static TokenValidationParameters ValidationParameters(AuthOptions options) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = SigningKey(options.JwtSecret),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = options.ClockSkew,
        NameClaimType = ApiClaims.Subject,
        RoleClaimType = ApiClaims.Role,
    };

    /// <summary>A token issued at <paramref name="now"/>, signed with <paramref name="secret"/> (default: the configured one).</summary>
    public static string Issue(AuthOptions options, TokenRequest request, DateTimeOffset now, string? secret = null)
    {
        var claims = new Dictionary<string, object>
        {
            [ApiClaims.Subject] = request.Subject,
            [ApiClaims.Role] = request.Role,
        };
        if (request.CameraId is not null)
        {
            claims[ApiClaims.CameraId] = request.CameraId;
        }
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + request.Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(secret ?? options.JwtSecret), SecurityAlgorithms.HmacSha256),
        });
    }
}
