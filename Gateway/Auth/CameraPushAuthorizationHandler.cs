using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Auth;

/// <summary>Decides <see cref="CameraPushRequirement"/> from the token's role and <c>camera_id</c> claim and the route's camera.</summary>
public sealed class CameraPushAuthorizationHandler : AuthorizationHandler<CameraPushRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CameraPushRequirement requirement)
    {
        var user = context.User;
        if (user.IsInRole(ApiRoles.Admin) || user.IsInRole(ApiRoles.Ingest))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }
        if (user.IsInRole(ApiRoles.Camera) && context.Resource is HttpContext http)
        {
            var target = http.GetRouteValue(CameraPushRequirement.RouteValue) as string;
            var own = user.FindFirst(ApiClaims.CameraId)?.Value;
            if (own is not null && string.Equals(target, own, StringComparison.Ordinal))
            {
                context.Succeed(requirement);
            }
            else
            {
                http.Items[AuthProblems.ForbiddenDetailKey] = own is null
                    ? "This camera token has no camera_id claim."
                    : $"This camera token may push only to camera '{own}'.";
            }
        }
        return Task.CompletedTask;
    }
}
