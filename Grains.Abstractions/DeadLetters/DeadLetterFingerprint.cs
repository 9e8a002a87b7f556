using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IngestionCluster.Grains.Abstractions.DeadLetters;

/// <summary>
/// What makes two dead letters one: the same delivery recorded again (a retry after a record whose answer was lost)
/// gives the same fingerprint, so the table keeps one row for it. A message sent or delivered again is a new delivery,
/// with a receipt time of its own, and gets its own row. SHA-256, in hex, of the source, topic, reason, a key naming the
/// delivery and the message's bytes, each length-prefixed.
/// </summary>
public static class DeadLetterFingerprint
{
    /// <param name="key">The delivery (<see cref="DeliveryKey"/>), and what the bytes alone do not say (a chunk's image id, index and total).</param>
    public static string Of(string source, string? topic, string reason, string? key, ReadOnlySpan<byte> message)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Encoding.UTF8.GetBytes(source));
        Append(hash, Encoding.UTF8.GetBytes(topic ?? string.Empty));
        Append(hash, Encoding.UTF8.GetBytes(reason));
        Append(hash, Encoding.UTF8.GetBytes(key ?? string.Empty));
        Append(hash, message);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A delivery's part of the key: its receipt time, to the tick.</summary>
    public static string DeliveryKey(DateTimeOffset receivedAt) => receivedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);

    private static void Append(IncrementalHash hash, ReadOnlySpan<byte> part)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, part.Length);
        hash.AppendData(length);
        hash.AppendData(part);
    }
}
