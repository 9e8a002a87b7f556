using Microsoft.AspNetCore.Identity;

namespace IngestionCluster.Gateway.Auth;

/// <summary>Passwords of <see cref="LoginUser"/>s, hashed and checked with ASP.NET Core Identity's PBKDF2 password hasher.</summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<LoginUser> _hasher = new();

    /// <summary>
    /// Checked when nobody of the given name is configured, so a wrong name takes as long as a wrong password and the
    /// timing does not tell which names exist.
    /// </summary>
    private static readonly string _decoy = _hasher.HashPassword(new LoginUser(), Guid.NewGuid().ToString("N"));

    public static string Hash(string password) => _hasher.HashPassword(new LoginUser(), password);

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="user"/>'s hash was made of (null: a decoy check, false).</summary>
    public static bool Verify(LoginUser? user, string password)
    {
        var result = _hasher.VerifyHashedPassword(user ?? new LoginUser(), user?.PasswordHash ?? _decoy, password);
        return user is not null && result != PasswordVerificationResult.Failed;
    }

    /// <summary>Whether <paramref name="hash"/> has the form <see cref="Hash"/> makes (version 3: a format byte of 1).</summary>
    public static bool IsWellFormed(string? hash)
    {
        if (string.IsNullOrEmpty(hash))
        {
            return false;
        }
        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length > 13 && bytes[0] == 0x01;
    }
}
