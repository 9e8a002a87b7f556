using System.Security.Cryptography;

namespace IngestionCluster.Tests.Storage.Support;

internal static class StreamHashing
{
    /// <summary>Reads <paramref name="stream"/> to its end, returning the byte count and SHA-256 (lowercase hex).</summary>
    public static async Task<(long Size, string Sha256)> ReadAllAsync(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81_920];
        long size = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            size += read;
        }
        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
