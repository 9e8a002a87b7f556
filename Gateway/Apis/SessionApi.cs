using System.Security.Claims;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Apis;

/// <summary>
/// The operator UI's session (<c>/api/session</c>): a bearer token exchanged for an HttpOnly cookie, who the
/// caller is, and sign-out. See <see cref="SessionCookie"/> for the rules the cookie is read under.
/// </summary>
public static class SessionApi
{
    public const string Path = "/api/session";

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup(Path, "Session");
        api.MapGet("/", Get).AllowAnonymous()
            .WithSummary("Who the caller is (role, expiry) and whether auth is on; never 401, so the UI can decide to ask for a token.");
        api.MapPost("/", Create).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400)
            .WithSummary("Exchange the bearer token of the Authorization header (roles admin, ingest, viewer) for an HttpOnly, SameSite=Strict session cookie that expires with the token.");
        api.MapDelete("/", Delete).AllowAnonymous()
            .WithSummary("Sign out: the session cookie is deleted.");
        return app;
    }

    private static Ok<SessionResponse> Get(HttpContext context, [FromServices] IOptions<AuthOptions> auth) =>
        TypedResults.Ok(Describe(context, auth.Value));

    private static Ok<SessionResponse> Create(HttpContext context, [FromServices] IOptions<AuthOptions> auth)
    {
        if (!auth.Value.Enabled)
        {
            return TypedResults.Ok(Describe(context, auth.Value));
        }
        if (context.Items.ContainsKey(SessionCookie.UsedItemKey))
        {
            throw ApiProblems.BadRequest("Send the token to exchange in the Authorization header ('Bearer <token>').");
        }
        var header = context.Request.Headers.Authorization.ToString();
        var token = header["Bearer ".Length..].Trim();
        var expires = TokenExpiry.Of(context.User) ?? throw ApiProblems.BadRequest("The token has no expiry.");
        SessionCookie.Write(context.Response, token, expires);
        return TypedResults.Ok(Describe(context, auth.Value) with { Via = "cookie" });
    }

    private static NoContent Delete(HttpContext context)
    {
        SessionCookie.Delete(context.Response);
        return TypedResults.NoContent();
    }

    private static SessionResponse Describe(HttpContext context, AuthOptions auth)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return new SessionResponse(false, auth.Enabled, null, null, null, "none", PasswordLogin(auth));
        }
        var via = !auth.Enabled ? "disabled" : context.Items.ContainsKey(SessionCookie.UsedItemKey) ? "cookie" : "bearer";
        return new SessionResponse(true, auth.Enabled, user.FindFirstValue(ApiClaims.Role), user.FindFirstValue(ApiClaims.Subject), TokenExpiry.Of(user), via,
            PasswordLogin(auth));
    }

    private static bool PasswordLogin(AuthOptions auth) => auth.Enabled && auth.Users.Count > 0;

}
