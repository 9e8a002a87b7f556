using System.Globalization;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Turns how an ffmpeg run ended (its exit code and error lines, already redacted) into an
/// <see cref="RtspFailure"/>. The patterns are ffmpeg 5.1's messages at <c>-loglevel error</c>, e.g.
/// <c>method DESCRIBE failed: 401 Unauthorized</c>, <c>Connection refused</c>,
/// <c>Output file #0 does not contain any stream</c>.
/// </summary>
public static class RtspFailureClassifier
{
    private static readonly (string Pattern, RtspFailureReason Reason, string Message)[] _rules =
    [
        ("401 Unauthorized", RtspFailureReason.AuthenticationFailed, "the camera refused the credentials (401 Unauthorized)"),
        ("403 Forbidden", RtspFailureReason.AuthenticationFailed, "the camera refused access (403 Forbidden)"),
        ("404 Not Found", RtspFailureReason.StreamNotFound, "the camera has no stream at this path (404 Not Found)"),
        ("Connection refused", RtspFailureReason.Unreachable, "the camera refused the connection (nothing listens on that port)"),
        ("No route to host", RtspFailureReason.Unreachable, "the camera is unreachable (no route to host)"),
        ("Network is unreachable", RtspFailureReason.Unreachable, "the camera is unreachable (network unreachable)"),
        ("Host is unreachable", RtspFailureReason.Unreachable, "the camera is unreachable (host unreachable)"),
        ("Failed to resolve hostname", RtspFailureReason.Unreachable, "the camera's host name does not resolve"),
        ("Name or service not known", RtspFailureReason.Unreachable, "the camera's host name does not resolve"),
        ("Temporary failure in name resolution", RtspFailureReason.Unreachable, "the camera's host name does not resolve"),
        ("does not contain any stream", RtspFailureReason.NoVideoStream, "the stream has no video"),
        ("matches no streams", RtspFailureReason.NoVideoStream, "the stream has no video"),
        ("Connection timed out", RtspFailureReason.Timeout, "the camera did not answer in time"),
        ("Connection reset by peer", RtspFailureReason.StreamEnded, "the camera closed the connection"),
        // An MJPEG camera over HTTP: busy or failing (cameras answer 503 to one client too many), or a URL that is no stream.
        ("Server returned 5", RtspFailureReason.Unreachable, "the camera answered with a server error (5XX)"),
        ("Server returned 4", RtspFailureReason.StreamNotFound, "the camera refused the request (4XX)"),
        ("Expected boundary", RtspFailureReason.StreamNotFound, "the URL serves no MJPEG stream (no multipart boundary)"),
    ];

    /// <summary>Classifies an ffmpeg run that exited on its own with <paramref name="exitCode"/>.</summary>
    /// <param name="exitCode">ffmpeg's exit code (128 + N when a signal killed it).</param>
    /// <param name="errorLines">ffmpeg's redacted stderr lines, oldest first (the tail is enough).</param>
    public static RtspFailure Classify(int exitCode, IReadOnlyList<string> errorLines)
    {
        // The most specific line wins: rules are in priority order, and any line may match.
        foreach (var (pattern, reason, text) in _rules)
        {
            for (var i = errorLines.Count - 1; i >= 0; i--)
            {
                if (errorLines[i].Contains(pattern, StringComparison.OrdinalIgnoreCase))
                {
                    return new RtspFailure(reason, text, Trim(errorLines[i]), exitCode);
                }
            }
        }

        var last = errorLines.Count > 0 ? Trim(errorLines[^1]) : null;
        if (exitCode == 0)
        {
            return new RtspFailure(RtspFailureReason.StreamEnded, "the camera ended the stream", last, exitCode);
        }
        var code = exitCode.ToString(CultureInfo.InvariantCulture);
        var message = exitCode > 128 && exitCode < 160
            ? $"ffmpeg was killed by signal {(exitCode - 128).ToString(CultureInfo.InvariantCulture)}"
            : $"ffmpeg exited with code {code}";
        return new RtspFailure(RtspFailureReason.FfmpegFailed, message, last, exitCode);
    }

    /// <summary>The failure for a capture that saw no frame within <paramref name="limit"/>.</summary>
    public static RtspFailure NoFrameWithin(TimeSpan limit, bool streaming) =>
        new(RtspFailureReason.Timeout, streaming
            ? $"no frame for {Seconds(limit)} s (the stream stalled)"
            : $"no frame within {Seconds(limit)} s of connecting");

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Trim(string line)
    {
        const int maxLength = 300;
        var trimmed = line.Trim();
        // "[rtsp @ 0x55c65f06ba00] method DESCRIBE failed" → "method DESCRIBE failed": the address is noise.
        if (trimmed.StartsWith('[') && trimmed.IndexOf("] ", StringComparison.Ordinal) is var close and > 0 && trimmed.AsSpan(1, close).Contains(" @ 0x", StringComparison.Ordinal))
        {
            trimmed = trimmed[(close + 2)..];
        }
        return trimmed.Length <= maxLength ? trimmed : trimmed[..maxLength] + "…";
    }
}
