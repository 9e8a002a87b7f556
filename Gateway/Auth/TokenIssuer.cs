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

    /// <summary>
    /// A refresh token of <paramref name="user"/>: its audience is not the API's, so no endpoint takes it as a bearer
    /// token; it names the user and a fingerprint of the user's password hash, so changing the password ends it.
    /// </summary>
    public static string IssueRefresh(AuthOptions options, LoginUser user, DateTimeOffset now) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = RefreshAudience(options),
            Claims = new Dictionary<string, object> { [ApiClaims.Subject] = user.Username, [PasswordClaim] = PasswordFingerprint(user) },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + options.RefreshTokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(options.JwtSecret), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>The configured user a valid refresh token names, or null (bad, expired, or the user gone or given a new password).</summary>
    public static async Task<LoginUser?> ReadRefreshAsync(AuthOptions options, string token)
    {
        var parameters = ValidationParameters(options);
        parameters.ValidAudience = RefreshAudience(options);
        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid || !result.Claims.TryGetValue(ApiClaims.Subject, out var subject) || !result.Claims.TryGetValue(PasswordClaim, out var fingerprint))
        {
            return null;
        }
        var user = options.Users.Find(u => string.Equals(u.Username, subject as string, StringComparison.Ordinal));
        return user is not null && string.Equals(PasswordFingerprint(user), fingerprint as string, StringComparison.Ordinal) ? user : null;
    }

    private const string PasswordClaim = "pwd";

    private static string RefreshAudience(AuthOptions options) => $"{options.Audience}/refresh";

    private static string PasswordFingerprint(LoginUser user) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(user.PasswordHash)))[..16];
}
