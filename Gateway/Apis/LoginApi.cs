using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.ServiceDefaults.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Globalization;
using System.Security.Claims;

namespace IngestionCluster.Gateway.Apis;

/// <summary>
/// The log-ingest seed's login: <c>POST /auth/login</c> trades a configured user's name and password
/// (<c>Auth__Users</c>) for an access token and a refresh token, <c>POST /auth/refresh</c> trades a refresh token for
/// new ones, and <c>GET /auth/me</c> says whom a token names. The tokens are the ones the <c>token</c> command mints.
/// </summary>
public static class LoginApi
{
    private const string WrongCredentials = "Incorrect username or password.";

    public static IEndpointRouteBuilder MapLoginApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/auth", "Auth").AnswersBindingFailuresWith422();
        api.MapPost("/login", Login).AllowAnonymous().ProducesProblems(415, 422)
            .WithSummary("A configured user's name and password for an access token and a refresh token.");
        api.MapPost("/refresh", RefreshAsync).AllowAnonymous().ProducesProblems(415, 422)
            .WithSummary("A refresh token for new tokens (the user's current role; a changed password ends it).");
        api.MapGet("/me", Me).RequireAuthorization().WithSummary("Whom the bearer token names.");
        return app;
    }

    private static Results<Ok<TokenResponse>, ProblemHttpResult> Login(
        [FromBody] LoginRequest body, HttpContext context, [FromServices] IOptions<AuthOptions> options, [FromServices] TimeProvider clock,
        [FromServices] ILoggerFactory loggers)
    {
        if (string.IsNullOrEmpty(body.Username) || body.Password is null)
        {
            throw ApiProblems.UnprocessableEntity("username and password are required.");
        }
        var settings = options.Value;
        var user = settings.Users.Find(u => string.Equals(u.Username, body.Username, StringComparison.Ordinal));
        if (!PasswordHashing.Verify(user, body.Password))
        {
            // The name is the caller's: logged as a value, never as part of the message template.
            loggers.CreateLogger(typeof(LoginApi)).LogWarning("Login refused for user {Username} from {RemoteAddress}",
                LogSafe.Text(body.Username, 128), context.Connection.RemoteIpAddress);
            return Unauthorized(context, settings.Users.Count == 0 ? $"{WrongCredentials} (No user is configured: see Auth__Users.)" : WrongCredentials);
        }
        return TypedResults.Ok(Tokens(settings, user!, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        [FromBody] RefreshTokenRequest body, HttpContext context, [FromServices] IOptions<AuthOptions> options, [FromServices] TimeProvider clock)
    {
        if (string.IsNullOrEmpty(body.RefreshToken))
        {
            throw ApiProblems.UnprocessableEntity("refresh_token is required.");
        }
        var settings = options.Value;
        var user = await TokenIssuer.ReadRefreshAsync(settings, body.RefreshToken).ConfigureAwait(false);
        return user is null
            ? Unauthorized(context, "The refresh token is invalid or expired, or its user is no longer configured or has a new password: log in again.")
            : TypedResults.Ok(Tokens(settings, user, clock.GetUtcNow()));
    }

    private static Ok<CurrentUserResponse> Me(ClaimsPrincipal user)
    {
        DateTimeOffset? expires = long.TryParse(user.FindFirstValue(ApiClaims.Expires), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return TypedResults.Ok(new CurrentUserResponse(user.FindFirstValue(ApiClaims.Subject) ?? string.Empty, user.FindFirstValue(ApiClaims.Role) ?? string.Empty,
            user.FindFirstValue(ApiClaims.CameraId), expires));
    }

    private static TokenResponse Tokens(AuthOptions settings, LoginUser user, DateTimeOffset now)
    {
        var access = TokenIssuer.Issue(settings, new TokenRequest(user.Username, user.Role, user.CameraId, settings.LoginTokenLifetime), now);
        return new TokenResponse(access, TokenIssuer.IssueRefresh(settings, user, now), "bearer", (long)settings.LoginTokenLifetime.TotalSeconds);
    }

    private static ProblemHttpResult Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
    }
}
