namespace IngestionCluster.Gateway.Auth;

/// <summary>
/// One user of <c>POST /auth/login</c> (<c>Auth__Users__{n}__*</c>): a name, the hash of a password (made by the
/// <c>hash-password</c> command) and the role the tokens issued to the user carry.
/// </summary>
public sealed class LoginUser
{
    public string Username { get; set; } = string.Empty;

    /// <summary>ASP.NET Core Identity's PBKDF2 hash (version 3), as <c>hash-password</c> prints it: never the password itself.</summary>
    public string PasswordHash { get; set; } = string.Empty;

    public string Role { get; set; } = ApiRoles.Viewer;

    /// <summary>For role camera: the one camera the user's tokens may push frames for.</summary>
    public string? CameraId { get; set; }
}
