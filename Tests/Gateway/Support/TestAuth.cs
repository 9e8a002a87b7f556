using IngestionCluster.Gateway.Auth;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>The auth settings test gateways run with, and tokens for them (valid, expired, wrongly signed, ...).</summary>
internal static class TestAuth
{
    public const string Secret = "test-secret-for-the-gateway-tests-0123456789";
    public const string OtherSecret = "another-secret-nobody-configured-0123456789";

    public static AuthOptions Options { get; } = new() { JwtSecret = Secret };

    /// <summary>The users of <c>/auth/login</c> every test gateway has: one admin, one uploader (role ingest).</summary>
    public static readonly (string Username, string Password, string Role)[] LoginUsers =
    [
        ("admin", "admin-password-of-the-tests", ApiRoles.Admin),
        ("uploader", "uploader-password-of-the-tests", ApiRoles.Ingest),
    ];

    public static IReadOnlyDictionary<string, string?> Settings { get; } = WithLoginUsers(new Dictionary<string, string?>
    {
        ["Auth:JwtSecret"] = Secret,
        ["Auth:Issuer"] = Options.Issuer,
        ["Auth:Audience"] = Options.Audience,
    });

    private static Dictionary<string, string?> WithLoginUsers(Dictionary<string, string?> settings)
    {
        for (var i = 0; i < LoginUsers.Length; i++)
        {
            settings[$"Auth:Users:{i}:Username"] = LoginUsers[i].Username;
            settings[$"Auth:Users:{i}:PasswordHash"] = PasswordHashing.Hash(LoginUsers[i].Password);
            settings[$"Auth:Users:{i}:Role"] = LoginUsers[i].Role;
        }
        return settings;
    }

    public static string Token(string role, string? cameraId = null, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null, string? secret = null, string? subject = null) =>
        TokenIssuer.Issue(Options, new TokenRequest(subject ?? $"test-{role}", role, cameraId, lifetime ?? TimeSpan.FromHours(1)), issuedAt ?? DateTimeOffset.UtcNow, secret);

    /// <summary>The caller the gateway sees for a token of <see cref="Token"/> (its subject), as ids derived from a caller need it.</summary>
    public static System.Security.Claims.ClaimsPrincipal Caller(string role) =>
        new(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(ApiClaims.Subject, $"test-{role}")]));

    public static string Expired(string role) => Token(role, lifetime: TimeSpan.FromMinutes(5), issuedAt: DateTimeOffset.UtcNow - TimeSpan.FromHours(2));

    public static string WronglySigned(string role) => Token(role, secret: OtherSecret);

    public static string WithIssuer(string role, string issuer) =>
        TokenIssuer.Issue(new AuthOptions { JwtSecret = Secret, Issuer = issuer }, new TokenRequest("x", role, null, TimeSpan.FromHours(1)), DateTimeOffset.UtcNow);

    public static string WithAudience(string role, string audience) =>
        TokenIssuer.Issue(new AuthOptions { JwtSecret = Secret, Audience = audience }, new TokenRequest("x", role, null, TimeSpan.FromHours(1)), DateTimeOffset.UtcNow);
}
