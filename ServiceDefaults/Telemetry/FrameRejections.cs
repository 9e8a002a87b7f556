using System.Diagnostics.Metrics;

namespace IngestionCluster.ServiceDefaults.Telemetry;

/// <summary>
/// <c>ingest_frames_rejected_total</c>: every pushed or captured frame refused, by reason, wherever it was
/// refused. The gateway refuses what it can tell from the request (empty, too large, not a JPEG), camera grains
/// what they find decoding it, so one series answers "how many frames did cameras send that we dropped".
/// </summary>
public static class FrameRejections
{
    public const string Empty = "empty";
    public const string TooLarge = "too_large";
    public const string NotJpeg = "not_jpeg";

    private static readonly Counter<long> _rejected = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_frames_rejected", "{frame}", "Frames refused, by reason (at the gateway or by the camera grain).");

    public static void Record(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
