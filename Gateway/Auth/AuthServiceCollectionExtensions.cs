using IngestionCluster.Gateway.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Auth;

/// <summary>Registers the gateway's authentication schemes and authorization policies.</summary>
internal static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// JwtBearer authentication of HS256 tokens (or, with <c>Auth__Enabled=false</c>, the anonymous-admin scheme) and
    /// the API's policies. Both schemes are registered; the default is picked from the settings when the
    /// authentication service first asks.
    /// </summary>
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services)
    {
        services.AddGatewaySettings<AuthOptions>(AuthOptions.SectionName);
        services.AddAuthentication()
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, DisabledAuthenticationHandler>(DisabledAuthenticationHandler.SchemeName, null);
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<AuthOptions>>((authentication, settings) =>
        {
            var scheme = settings.Value.Enabled ? JwtBearerDefaults.AuthenticationScheme : DisabledAuthenticationHandler.SchemeName;
            authentication.DefaultScheme = scheme;
            authentication.DefaultChallengeScheme = scheme;
            authentication.DefaultForbidScheme = scheme;
        });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((bearer, settings) =>
        {
            bearer.TokenValidationParameters = TokenIssuer.ValidationParameters(settings.Value);
            // Claims keep their JWT names (role, sub, camera_id) instead of becoming long URIs.
            bearer.MapInboundClaims = false;
            bearer.Events = new BearerTokenEvents();
        });
        services.AddSingleton<IAuthorizationHandler, CameraPushAuthorizationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Admin, policy => policy.RequireRole(ApiRoles.Admin))
            .AddPolicy(ApiPolicies.Ingest, policy => policy.RequireRole(ApiRoles.Admin, ApiRoles.Ingest))
            .AddPolicy(ApiPolicies.Read, policy => policy.RequireRole(ApiRoles.Admin, ApiRoles.Ingest, ApiRoles.Viewer))
            .AddPolicy(ApiPolicies.Push, policy => policy.RequireAuthenticatedUser().AddRequirements(new CameraPushRequirement()));
        return services;
    }
}
