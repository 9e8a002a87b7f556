namespace IngestionCluster.Gateway.Auth;

/// <summary>The roles a token can carry (claim <c>role</c>).</summary>
public static class ApiRoles
{
    /// <summary>Everything, including camera management.</summary>
    public const string Admin = "admin";

    /// <summary>Uploads, RTSP capture requests, LDOs, direct uploads and jobs, frame pushes; and reads.</summary>
    public const string Ingest = "ingest";

    /// <summary>Reads only.</summary>
    public const string Viewer = "viewer";

    /// <summary>Frame pushes for the camera named by the token's <c>camera_id</c> claim, nothing else.</summary>
    public const string Camera = "camera";

    public static IReadOnlyList<string> All { get; } = [Admin, Ingest, Viewer, Camera];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
