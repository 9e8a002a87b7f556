using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Auth;

/// <summary>
/// The gateway's answers around JwtBearer: an Authorization header that is not a bearer token is refused
/// (not ignored), and 401/403 are problem details that say why. No token: 401 with a plain
/// <c>WWW-Authenticate: Bearer</c>; a bad token: 401 with <c>error="invalid_token"</c> and the reason; a
/// valid token without the right role or camera: 403.
/// JwtBearer itself logs every refusal with its reason.
/// </summary>
internal sealed class BearerTokenEvents : JwtBearerEvents
{
    private const string Prefix = "Bearer ";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.CompletedTask;
        }
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context, TokenFailures.NotBearer);
        }
        var token = header[Prefix.Length..].Trim();
        if (token.Length is 0 or > TokenFailures.MaxTokenLength)
        {
            return Refuse(context, TokenFailures.EmptyOrTooLong);
        }
        context.Token = token;
        return Task.CompletedTask;
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        // The response is ours: JwtBearer would otherwise add its own WWW-Authenticate and an empty body.
        context.HandleResponse();
        var failure = context.AuthenticateFailure is { } error ? TokenFailures.Describe(error) : null;
        context.Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'", StringComparison.Ordinal)}\"";
        await AuthProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized",
            failure ?? "This endpoint needs a bearer token: send 'Authorization: Bearer <token>'.").ConfigureAwait(false);
    }

    public override Task Forbidden(ForbiddenContext context) =>
        AuthProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
            context.HttpContext.Items[AuthProblems.ForbiddenDetailKey] as string ?? "The token's role does not allow this request.");

    private static Task Refuse(MessageReceivedContext context, string reason)
    {
        context.Fail(reason);
        return Task.CompletedTask;
    }
}
