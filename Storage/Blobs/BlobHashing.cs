using System.Security.Cryptography;

namespace IngestionCluster.Storage.Blobs;

/// <summary>SHA-256 as the stores report it: lowercase hex.</summary>
internal static class BlobHashing
{
    public static IncrementalHash CreateSha256() => IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public static string FinishHex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());

    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
