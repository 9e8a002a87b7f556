using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace IngestionCluster.Gateway.Auth;

/// <summary>Options of <see cref="JwtTokenAuthenticationHandler"/>: how bearer tokens are checked.</summary>
public sealed class JwtTokenAuthenticationOptions : AuthenticationSchemeOptions
{
    public TokenValidationParameters TokenValidationParameters { get; set; } = new();
}
