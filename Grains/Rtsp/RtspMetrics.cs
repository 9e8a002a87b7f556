using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// RTSP capture instruments on the product's meter: streams and capture requests active and waiting
/// (per <see cref="RtspCapacity"/>), frames captured and dropped, ffmpeg starts, and failures by reason.
/// </summary>
internal static class RtspMetrics
{
    private static readonly ConditionalWeakTable<RtspCapacity, object?> _capacities = new();

    private static readonly Counter<long> _frames = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_rtsp_frames", TelemetryUnits.Frames, "JPEG frames read from ffmpeg, by kind (stream, snapshot).");

    private static readonly Counter<long> _dropped = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_rtsp_frames_dropped", TelemetryUnits.Frames, "Frames dropped because the consumer was slower than the camera.");

    private static readonly Counter<long> _ffmpegStarts = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_rtsp_ffmpeg_starts", "{process}", "ffmpeg processes started, by kind (stream, snapshot).");

    private static readonly Counter<long> _failures = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_rtsp_failures", "{failure}", "Capture attempts that ended in a failure, by kind and reason.");

    static RtspMetrics()
    {
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_rtsp_streams_active",
            () => Capacities(FfmpegFrameSourceSettings.StreamKind).Sum(c => c.ActiveStreams), "{stream}", "Continuous RTSP captures holding a slot of this process's capacity.");
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_rtsp_streams_waiting",
            () => Capacities(FfmpegFrameSourceSettings.StreamKind).Sum(c => c.WaitingStreams), "{stream}", "Continuous RTSP captures waiting for a free slot.");
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_rtsp_captures_active",
            () => Capacities(FfmpegFrameSourceSettings.SnapshotKind).Sum(c => c.ActiveStreams), "{capture}", "RTSP capture requests holding a slot of this process's capacity.");
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_rtsp_captures_waiting",
            () => Capacities(FfmpegFrameSourceSettings.SnapshotKind).Sum(c => c.WaitingStreams), "{capture}", "RTSP capture requests waiting for a free slot.");
    }

    public static void Track(RtspCapacity capacity) => _capacities.AddOrUpdate(capacity, null);

    public static void FrameReceived(string kind) => _frames.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void FrameDropped() => _dropped.Add(1);

    public static void FfmpegStarted(string kind) => _ffmpegStarts.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void Failed(string kind, RtspFailureReason reason) =>
        _failures.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", RtspFailureReasonCodes.Code(reason)));

    private static IEnumerable<RtspCapacity> Capacities(string kind) => _capacities.Select(pair => pair.Key).Where(c => c.Kind == kind);
}
