using System.Globalization;
using System.Security.Claims;

namespace IngestionCluster.Gateway.Auth;

/// <summary>When the caller's token expires: its <c>exp</c> claim (RFC 7519: Unix seconds, a fraction allowed).</summary>
public static class TokenExpiry
{
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Null without a token (auth off) or without a readable <c>exp</c>; any JSON number is read (<c>1.75e9</c> too).</summary>
    public static DateTimeOffset? Of(ClaimsPrincipal user) =>
        decimal.TryParse(user.FindFirstValue(ApiClaims.Expires), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var seconds)
        && seconds is >= 0 && seconds <= MaxUnixSeconds
            ? DateTimeOffset.FromUnixTimeSeconds((long)decimal.Truncate(seconds))
            : null;
}
