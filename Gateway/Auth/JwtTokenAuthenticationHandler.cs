using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IngestionCluster.Gateway.Auth;

/// <summary>
/// JWT bearer authentication (<c>Authorization: Bearer &lt;token&gt;</c>) on Microsoft.IdentityModel's
/// <see cref="JsonWebTokenHandler"/>, the validator ASP.NET Core's JwtBearer handler uses. (The JwtBearer
/// package itself does not restore here: 10.0.11 needs Microsoft.IdentityModel 8.19.2, which the package
/// source lacks, and the 8.16.0 pin is a NU1109 error under central transitive pinning.) No or a bad
/// token: 401 with the reason; a valid token without the right role or camera: 403.
/// </summary>
public sealed class JwtTokenAuthenticationHandler(IOptionsMonitor<JwtTokenAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<JwtTokenAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>Longer headers are not tokens this gateway issued; refuse them before parsing.</summary>
    private const int MaxTokenLength = 8192;

    private static readonly JsonWebTokenHandler _tokens = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("The Authorization header must be 'Bearer <token>'.");
        }
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > MaxTokenLength)
        {
            return Fail("The bearer token is empty or too long.");
        }
        var result = await _tokens.ValidateTokenAsync(token, Options.TokenValidationParameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return Fail(Describe(result.Exception));
        }
        var identity = new ClaimsIdentity(result.ClaimsIdentity.Claims, Scheme.Name, ApiClaims.Subject, ApiClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[AuthProblems.FailureKey] as string;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'", StringComparison.Ordinal)}\"";
        await AuthProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            failure ?? "This endpoint needs a bearer token: send 'Authorization: Bearer <token>'.").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden",
            Context.Items[AuthProblems.ForbiddenDetailKey] as string ?? "The token's role does not allow this request.");

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[AuthProblems.FailureKey] = reason;
        Logger.LogInformation("Bearer token refused: {Reason}", reason);
        return AuthenticateResult.Fail(reason);
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The token's signature is not valid.",
        SecurityTokenInvalidAlgorithmException => "The token is not signed with HS256.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not accepted.",
        SecurityTokenInvalidAudienceException => "The token's audience is not accepted.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        SecurityTokenMalformedException or ArgumentException => "The token is malformed.",
        _ => "The token is not valid.",
    };
}
