using System.Diagnostics.CodeAnalysis;

namespace IngestionCluster.Storage.Blobs;

/// <summary>
/// A validated blob key: one or more segments of <c>[A-Za-z0-9_.-]</c> (1–128 characters each, not
/// starting with <c>.</c>, so never <c>.</c> or <c>..</c>) joined by <c>/</c>, at most 512 characters in all.
/// The same key is an S3 object key and a relative path under the local store's root, so the alphabet
/// is plain ASCII: no separators, traversal, control characters or Unicode lookalikes can get through.
/// </summary>
public sealed class BlobKey : IEquatable<BlobKey>
{
    /// <summary>Longest key, in characters.</summary>
    public const int MaxLength = 512;

    /// <summary>Longest segment, in characters.</summary>
    public const int MaxSegmentLength = 128;

    private BlobKey(string value) => Value = value;

    /// <summary>The key as stored, segments joined by <c>/</c>.</summary>
    public string Value { get; }

    /// <summary>The last segment (the file name in the local store).</summary>
    public string Name => Value[(Value.LastIndexOf('/') + 1)..];

    /// <summary>
    /// Builds a key from segments that callers already validated (ids, fixed prefixes, file names),
    /// e.g. <c>BlobKey.From("images", cameraId, imageId + ".jpg")</c>. Each argument is exactly one
    /// segment; <c>/</c> inside an argument is rejected.
    /// </summary>
    /// <exception cref="ArgumentException">A segment breaks the rules; the message says which and why.</exception>
    public static BlobKey From(params ReadOnlySpan<string> segments)
    {
        if (segments.Length == 0)
        {
            throw new ArgumentException("A blob key needs at least one segment.", nameof(segments));
        }
        var total = segments.Length - 1;
        for (var i = 0; i < segments.Length; i++)
        {
            var error = ValidateSegment(segments[i], i);
            if (error is not null)
            {
                throw new ArgumentException($"Invalid blob key: {error}", nameof(segments));
            }
            total += segments[i].Length;
        }
        if (total > MaxLength)
        {
            throw new ArgumentException($"Invalid blob key: {total} characters, more than {MaxLength}.", nameof(segments));
        }
        return new BlobKey(string.Join('/', segments));
    }

    /// <summary>Parses a whole key such as <c>images/cam-1/abc.jpg</c>.</summary>
    /// <exception cref="FormatException">The value is not a valid key; the message says why.</exception>
    public static BlobKey Parse(string value) =>
        TryParse(value, out var key, out var error) ? key : throw new FormatException($"Invalid blob key: {error}");

    /// <summary>Parses a whole key; on failure <paramref name="error"/> says why, without echoing the raw input.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? value,
        [NotNullWhen(true)] out BlobKey? key,
        [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "the key is empty.";
            return false;
        }
        // Checked before scanning so a huge input costs nothing.
        if (value.Length > MaxLength)
        {
            error = $"the key has {value.Length} characters, more than {MaxLength}.";
            return false;
        }
        var index = 0;
        var start = 0;
        while (true)
        {
            var slash = value.IndexOf('/', start);
            var end = slash < 0 ? value.Length : slash;
            var segmentError = ValidateSegment(value.AsSpan(start, end - start), index);
            if (segmentError is not null)
            {
                error = segmentError;
                return false;
            }
            if (slash < 0)
            {
                break;
            }
            start = slash + 1;
            index++;
        }
        key = new BlobKey(value);
        error = null;
        return true;
    }

    /// <summary>Parses a whole key, or returns null.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out BlobKey? key) =>
        TryParse(value, out key, out _);

    /// <summary>Whether <paramref name="segment"/> is usable as one segment of a key.</summary>
    public static bool IsValidSegment(string? segment) => segment is not null && ValidateSegment(segment, 0) is null;

    private static string? ValidateSegment(ReadOnlySpan<char> segment, int index)
    {
        var position = index + 1;
        if (segment.IsEmpty)
        {
            return $"segment {position} is empty (leading, trailing or doubled '/').";
        }
        if (segment.Length > MaxSegmentLength)
        {
            return $"segment {position} has {segment.Length} characters, more than {MaxSegmentLength}.";
        }
        // This also refuses "." and "..": a segment never leaves its folder. Dots further in ("cam..1") are
        // harmless, and refusing them would refuse ids the id rules allow.
        if (segment[0] == '.')
        {
            return $"segment {position} starts with '.'.";
        }
        for (var i = 0; i < segment.Length; i++)
        {
            if (!IsAllowed(segment[i]))
            {
                // The code point, not the character: the input may hold control characters or lookalikes.
                return $"segment {position} contains the character U+{(int)segment[i]:X4} at offset {i}; only A-Z, a-z, 0-9, '_', '.' and '-' are allowed.";
            }
        }
        return null;
    }

    private static bool IsAllowed(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '-';

    /// <inheritdoc />
    public bool Equals(BlobKey? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BlobKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(BlobKey? left, BlobKey? right) => Equals(left, right);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(BlobKey? left, BlobKey? right) => !Equals(left, right);
}
