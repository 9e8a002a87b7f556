using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace IngestionCluster.Gateway.Auth;

/// <summary>Turns why a bearer token was refused into the sentence a 401 answer carries.</summary>
internal static class TokenFailures
{
    /// <summary>Longer tokens are not tokens this gateway issued; they are refused before parsing.</summary>
    public const int MaxTokenLength = 8192;

    public const string NotBearer = "The Authorization header must be 'Bearer <token>'.";

    public const string EmptyOrTooLong = "The bearer token is empty or too long.";

    public static string Describe(Exception? failure) => failure switch
    {
        // JwtBearer aggregates the failures of several token handlers; this gateway has one, so the first says it.
        AggregateException { InnerExceptions: [var first, ..] } => Describe(first),
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The token's signature is not valid.",
        SecurityTokenInvalidAlgorithmException => "The token is not signed with HS256.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not accepted.",
        SecurityTokenInvalidAudienceException => "The token's audience is not accepted.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        SecurityTokenMalformedException or ArgumentException => "The token is malformed.",
        // Refusals of the message-received step (not Bearer, empty, too long) carry their own sentence.
        AuthenticationFailureException refused => refused.Message,
        _ => "The token is not valid.",
    };
}
