using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Rtsp.Support;

/// <summary>Finds ffmpeg processes (and their guards) by a marker in their command line, e.g. a unique query in the camera URL.</summary>
internal static class FfmpegLeftovers
{
    /// <summary>A URL query that makes a test's ffmpeg processes findable: <c>?test=…</c>.</summary>
    public static string NewMarker() => "test=" + Guid.NewGuid().ToString("N");

    public static string WithMarker(string url, string marker) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + marker;

    public static IReadOnlyList<ProcessTable.Entry> Running(string marker) =>
        ProcessTable.Find(cmdline => cmdline.Contains("ffmpeg", StringComparison.Ordinal) && cmdline.Contains(marker, StringComparison.Ordinal));

    public static Task AssertGoneWithinAsync(string marker, TimeSpan timeout) =>
        Eventually.TrueAsync(() => Running(marker).Count == 0, timeout,
            $"no ffmpeg left for {marker}; still running: {string.Join(" | ", Running(marker).Select(p => $"{p.Pid}: {p.CommandLine}"))}");
}
