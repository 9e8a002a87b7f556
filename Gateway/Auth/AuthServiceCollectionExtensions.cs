using IngestionCluster.Gateway.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Auth;

/// <summary>Registers the gateway's authentication schemes and authorization policies.</summary>
internal static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Bearer-token authentication (or, with <c>Auth__Enabled=false</c>, the anonymous-admin scheme) and
    /// the API's policies. Both schemes are registered; the default is picked from the settings when the
    /// authentication service first asks.
    /// </summary>
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services)
    {
        services.AddGatewaySettings<AuthOptions>(AuthOptions.SectionName);
        services.AddAuthentication()
            .AddScheme<JwtTokenAuthenticationOptions, JwtTokenAuthenticationHandler>(JwtTokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, DisabledAuthenticationHandler>(DisabledAuthenticationHandler.SchemeName, null);
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<AuthOptions>>((authentication, settings) =>
        {
            var scheme = settings.Value.Enabled ? JwtTokenAuthenticationHandler.SchemeName : DisabledAuthenticationHandler.SchemeName;
            authentication.DefaultScheme = scheme;
            authentication.DefaultChallengeScheme = scheme;
            authentication.DefaultForbidScheme = scheme;
        });
        services.AddOptions<JwtTokenAuthenticationOptions>(JwtTokenAuthenticationHandler.SchemeName)
            .Configure<IOptions<AuthOptions>>((bearer, settings) => bearer.TokenValidationParameters = TokenIssuer.ValidationParameters(settings.Value));
        services.AddSingleton<IAuthorizationHandler, CameraPushAuthorizationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Admin, policy => policy.RequireRole(ApiRoles.Admin))
            .AddPolicy(ApiPolicies.Ingest, policy => policy.RequireRole(ApiRoles.Admin, ApiRoles.Ingest))
            .AddPolicy(ApiPolicies.Read, policy => policy.RequireRole(ApiRoles.Admin, ApiRoles.Ingest, ApiRoles.Viewer))
            .AddPolicy(ApiPolicies.Push, policy => policy.RequireAuthenticatedUser().AddRequirements(new CameraPushRequirement()));
        return services;
    }
}
