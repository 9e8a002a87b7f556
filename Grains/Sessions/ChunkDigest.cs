using System.Security.Cryptography;

namespace IngestionCluster.Grains.Sessions;

/// <summary>A short fingerprint of a chunk's data, to tell a repeat of a chunk from different data at the same index.</summary>
internal static class ChunkDigest
{
    public static string Of(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
