using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace IngestionCluster.Grains.Abstractions.DeadLetters;

/// <summary>
/// What makes two dead letters one: the same delivery recorded again (a retry after a record whose answer was lost)
/// gives the same fingerprint, so the table keeps one row for it. A message sent or delivered again is a new delivery,
/// with a receipt time of its own, and gets its own row. SHA-256, in hex, of the source, topic, reason, receipt time, a
/// caller's key and the message's bytes, each length-prefixed.
/// </summary>
public static class DeadLetterFingerprint
{
    /// <param name="receivedAt">When the delivery arrived: what tells it from the same bytes sent again.</param>
    /// <param name="key">What the bytes alone do not say (a chunk's image id, index and total); null when they say it all.</param>
    public static string Of(string source, string? topic, string reason, DateTimeOffset receivedAt, string? key, ReadOnlySpan<byte> message)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Encoding.UTF8.GetBytes(source));
        Append(hash, Encoding.UTF8.GetBytes(topic ?? string.Empty));
        Append(hash, Encoding.UTF8.GetBytes(reason));
        Span<byte> ticks = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(ticks, receivedAt.UtcTicks);
        Append(hash, ticks);
        Append(hash, Encoding.UTF8.GetBytes(key ?? string.Empty));
        Append(hash, message);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, ReadOnlySpan<byte> part)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, part.Length);
        hash.AppendData(length);
        hash.AppendData(part);
    }
}
