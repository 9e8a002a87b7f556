using System.Text;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Gateway.Options;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Auth;

/// <summary>Settings of section <c>Auth</c>: JWT bearer tokens signed with HS256.</summary>
public sealed class AuthOptions : IGatewaySettings
{
    public const string SectionName = "Auth";

    /// <summary>The built-in secret: fine on a laptop, refused in Production.</summary>
    public const string DevelopmentSecret = "ingestion-cluster-development-secret-change-me";

    /// <summary>HS256 needs a key of at least 256 bits.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>Check tokens (<c>Auth__Enabled</c>). Only the Development environment may turn this off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The HS256 signing secret (<c>Auth__JwtSecret</c>), at least 32 bytes.</summary>
    public string JwtSecret { get; set; } = DevelopmentSecret;

    /// <summary>The token issuer (<c>iss</c>) tokens must carry.</summary>
    public string Issuer { get; set; } = "ingestion-cluster";

    /// <summary>The audience (<c>aud</c>) tokens must carry.</summary>
    public string Audience { get; set; } = "ingestion-api";

    /// <summary>Tolerance for clock differences when checking <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The users of <c>POST /auth/login</c> (<c>Auth__Users__0__Username</c>, …); none: the route refuses every login.</summary>
    public List<LoginUser> Users { get; set; } = [];

    /// <summary>Lifetime of the access tokens <c>/auth/login</c> and <c>/auth/refresh</c> issue (the log-ingest seed's 30 minutes).</summary>
    public TimeSpan LoginTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Lifetime of their refresh tokens.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    public bool UsesDevelopmentSecret => string.Equals(JwtSecret, DevelopmentSecret, StringComparison.Ordinal);

    /// <summary>Whether a server of <paramref name="environment"/> refuses to start with this secret (and so every token it signs).</summary>
    public bool IsDevelopmentSecretRefused(IHostEnvironment environment) => UsesDevelopmentSecret && environment.IsProduction();

    public IEnumerable<string> Problems(IHostEnvironment environment)
    {
        if (Encoding.UTF8.GetByteCount(JwtSecret ?? string.Empty) < MinSecretBytes)
        {
            yield return $"Auth__JwtSecret must be at least {MinSecretBytes} bytes long (HS256 needs a 256-bit key).";
        }
        if (string.IsNullOrWhiteSpace(Issuer))
        {
            yield return "Auth__Issuer must not be empty.";
        }
        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return "Auth__Audience must not be empty.";
        }
        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            yield return $"Auth__ClockSkew must be between 00:00:00 and 00:05:00 (got {ClockSkew}).";
        }
        foreach (var problem in LoginProblems())
        {
            yield return problem;
        }
        if (IsDevelopmentSecretRefused(environment))
        {
            yield return "Auth__JwtSecret is the built-in development secret, which is not allowed in Production: set a random secret of at least 32 bytes (e.g. openssl rand -base64 48).";
        }
        if (!Enabled && environment.IsProduction())
        {
            yield return "Auth__Enabled=false is not allowed in Production: the API would be open to anyone.";
        }
        else if (!Enabled && !environment.IsDevelopment())
        {
            yield return $"Auth__Enabled=false is only allowed in the Development environment (this is {environment.EnvironmentName}).";
        }
    }

    private IEnumerable<string> LoginProblems()
    {
        if (LoginTokenLifetime < TimeSpan.FromMinutes(1) || LoginTokenLifetime > TimeSpan.FromDays(1))
        {
            yield return $"Auth__LoginTokenLifetime must be between 00:01:00 and 1.00:00:00 (got {LoginTokenLifetime}).";
        }
        if (RefreshTokenLifetime < LoginTokenLifetime || RefreshTokenLifetime > TimeSpan.FromDays(90))
        {
            yield return $"Auth__RefreshTokenLifetime must be at least Auth__LoginTokenLifetime and at most 90.00:00:00 (got {RefreshTokenLifetime}).";
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Users.Count; i++)
        {
            var user = Users[i];
            var setting = $"Auth__Users__{i}";
            if (string.IsNullOrWhiteSpace(user.Username) || user.Username.Length > 128 || user.Username.Any(char.IsControl))
            {
                yield return $"{setting}__Username must be 1 to 128 characters without control characters.";
            }
            else if (!names.Add(user.Username))
            {
                yield return $"{setting}__Username '{user.Username}' is configured twice.";
            }
            if (!PasswordHashing.IsWellFormed(user.PasswordHash))
            {
                yield return $"{setting}__PasswordHash is not a password hash: make one with the hash-password command (the password itself is never configured).";
            }
            if (!ApiRoles.IsKnown(user.Role))
            {
                yield return $"{setting}__Role must be one of {string.Join(", ", ApiRoles.All)}.";
            }
            else if ((user.Role == ApiRoles.Camera) != (user.CameraId is not null))
            {
                yield return $"{setting}__CameraId is required for role camera and only allowed with it.";
            }
            else if (user.CameraId is not null && IdRules.Explain(user.CameraId, IdRules.MaxCameraIdLength) is { } problem)
            {
                yield return $"{setting}__CameraId: {problem}";
            }
        }
    }
}
