using System.Text;

namespace IngestionCluster.Runtime.Identity;

/// <summary>
/// FNV-1a over UTF-8. Fixed forever: partitions and owners computed by different processes, versions
/// and machines must agree, which <see cref="string.GetHashCode()"/> does not promise.
/// </summary>
public static class StableHash
{
    private const uint Offset32 = 2166136261;
    private const uint Prime32 = 16777619;
    private const ulong Offset64 = 14695981039346656037;
    private const ulong Prime64 = 1099511628211;

    public static uint Fnv1a32(string text)
    {
        Span<byte> stackBuffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= stackBuffer.Length
            ? stackBuffer[..Encoding.UTF8.GetBytes(text, stackBuffer)]
            : Encoding.UTF8.GetBytes(text);
        var hash = Offset32;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime32;
        }
        return hash;
    }

    public static ulong Fnv1a64(string text)
    {
        var hash = Offset64;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * Prime64;
        }
        // FNV's low bits mix poorly for short similar inputs; finish with a 64-bit avalanche step.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        hash ^= hash >> 33;
        return hash;
    }
}
