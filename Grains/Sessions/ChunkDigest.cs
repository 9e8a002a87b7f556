using System.Security.Cryptography;
using System.Text;

namespace IngestionCluster.Grains.Sessions;

/// <summary>A short fingerprint of a chunk's base64 data, to tell a repeat of a chunk from different data at the same index.</summary>
internal static class ChunkDigest
{
    public static string Of(string base64Data) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(base64Data)).AsSpan(0, 16));
}
