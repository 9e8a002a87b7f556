using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Rtsp.Support;

/// <summary>Options and factories with timeouts short enough for tests.</summary>
internal static class RtspTestOptions
{
    /// <summary>The same short timeouts as product settings, for a cluster whose cameras capture real streams.</summary>
    public static Dictionary<string, string?> ShortSettings() => new()
    {
        ["Rtsp:StallTimeout"] = "00:00:03",
        ["Rtsp:ReconnectInitialDelay"] = "00:00:00.500",
        ["Rtsp:ReconnectMaxDelay"] = "00:00:02",
        ["Rtsp:StopGracePeriod"] = "00:00:03",
    };

    public static RtspOptions Short(Action<RtspOptions>? configure = null)
    {
        var options = new RtspOptions
        {
            StallTimeout = TimeSpan.FromSeconds(3),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(500),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
            HealthyResetAfter = TimeSpan.FromSeconds(30),
            CaptureTimeout = TimeSpan.FromSeconds(15),
            StopGracePeriod = TimeSpan.FromSeconds(3),
        };
        configure?.Invoke(options);
        return options;
    }

    public static RtspCaptureLoopFactory LoopFactory(RtspOptions options, RecordingLoggerFactory logs, RtspCapacity? capacity = null, bool probe = false) =>
        new(Options.Create(options), capacity ?? new RtspCapacity(options.MaxConcurrentStreams), logs.CreateLogger<RtspCaptureLoop>(),
            probe: probe ? new RtspStreamProbe(Options.Create(options), logs.CreateLogger<RtspStreamProbe>()) : null);

    public static RtspSnapshotCapture Snapshots(RtspOptions options, RecordingLoggerFactory logs) =>
        new(Options.Create(options), logs.CreateLogger<RtspSnapshotCapture>());

    /// <summary>A JPEG as ffmpeg writes it: SOI at the start, EOI at the end.</summary>
    public static bool IsWholeJpeg(byte[] jpeg) =>
        jpeg.Length > 4 && jpeg[0] == 0xFF && jpeg[1] == 0xD8 && jpeg[^2] == 0xFF && jpeg[^1] == 0xD9;

    public static Task<RtspServer> SharedServer => TestServers.Rtsp;
}
