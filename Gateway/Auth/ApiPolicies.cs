namespace IngestionCluster.Gateway.Auth;

/// <summary>Authorization policies of the API's endpoints.</summary>
public static class ApiPolicies
{
    /// <summary>Role admin.</summary>
    public const string Admin = "admin";

    /// <summary>Roles admin or ingest.</summary>
    public const string Ingest = "ingest";

    /// <summary>Roles admin, ingest or viewer.</summary>
    public const string Read = "read";

    /// <summary>Roles admin or ingest, or camera when the token's <c>camera_id</c> is the route's camera.</summary>
    public const string Push = "push";
}
