using Microsoft.AspNetCore.Authorization;

namespace IngestionCluster.Gateway.Auth;

/// <summary>Pushing frames: admin or ingest for any camera, a camera token only for its own camera.</summary>
public sealed class CameraPushRequirement : IAuthorizationRequirement
{
    /// <summary>The route value that names the target camera.</summary>
    public const string RouteValue = "camera_id";
}
