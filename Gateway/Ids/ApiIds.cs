using System.Security.Cryptography;

namespace IngestionCluster.Gateway.Ids;

/// <summary>Ids the API creates: a prefix and 96 random bits in hex, valid under the id rules and as blob key segments.</summary>
internal static class ApiIds
{
    public static string NewRequestId() => New("req");

    public static string NewJobId() => New("job");

    public static string NewLdoId() => New("ldo");

    public static string NewImageId() => New("img");

    /// <summary>A random segment that keeps two uploads to the same object apart.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string New(string prefix) => $"{prefix}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
}
