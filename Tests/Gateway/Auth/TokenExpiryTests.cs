using System.Security.Claims;
using IngestionCluster.Gateway.Auth;

namespace IngestionCluster.Tests.Gateway.Auth;

public sealed class TokenExpiryTests
{
    [Theory]
    [InlineData("1750000000", 1_750_000_000L)]
    [InlineData("1750000000.75", 1_750_000_000L)]
    // Any JSON number is an exp RFC 7519 allows, and JwtBearer accepts it.
    [InlineData("1.75e9", 1_750_000_000L)]
    [InlineData("1.75E+9", 1_750_000_000L)]
    public void The_expiry_is_read_from_any_json_number(string exp, long unixSeconds) =>
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), TokenExpiry.Of(UserWith(exp)));

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1e300")]
    public void An_expiry_that_is_no_time_is_none(string exp) => Assert.Null(TokenExpiry.Of(UserWith(exp)));

    private static ClaimsPrincipal UserWith(string exp) => new(new ClaimsIdentity([new Claim(ApiClaims.Expires, exp)], "test"));
}
