using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Sessions;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Grains.Telemetry;

/// <summary>What operators ask of ingestion: frames, chunks, images, motion, assembly latency.</summary>
public static class IngestMetrics
{
    private static readonly Counter<long> _frames = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_frames", "{frame}", "Frames ingested (pushed, captured from an RTSP or MJPEG stream, MQTT images, uploaded), by source (http, rtsp, mjpeg, mqtt, upload).");

    // The seeds' name and labels (TrackShift, camera-ingest): one series per camera, unlike the bounded ingest_frames.
    private static readonly Counter<long> _framesByCamera = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingestion_frames", "{frame}", "Frames ingested (pushed, captured from an RTSP or MJPEG stream, MQTT images, uploaded), by camera and source (http, rtsp, mjpeg, mqtt, upload).");

    // The camera-ingest seed's names and labels, which its dashboards query: per camera, source_type as it named them.
    private static readonly Counter<long> _cameraFrames = IngestionTelemetry.Meter.CreateCounter<long>(
        "camera_ingest_frames", "{frame}", "Frames a camera took (pushed, captured from an RTSP or MJPEG stream, or an MQTT image), by camera and source_type (http_push, rtsp, mjpeg, mqtt).");

    private static readonly Counter<long> _cameraMotion = IngestionTelemetry.Meter.CreateCounter<long>(
        "camera_ingest_motion", "{event}", "motion.detected events published (at most one per Ingest__MotionEventCooldown), by camera.");

    // No unit: the seed's name has none, and a unit would be appended to it.
    private static readonly Gauge<double> _cameraLastFrame = IngestionTelemetry.Meter.CreateGauge<double>(
        "camera_ingest_last_frame_timestamp", unit: null, "Unix time of the camera's last frame (its own timestamp), by camera.");

    private static readonly Gauge<int> _cameraStatus = IngestionTelemetry.Meter.CreateGauge<int>(
        "camera_ingest_status", unit: null, "Connection of an RTSP or MJPEG camera's stream (1 connected, 0 lost), by camera.");

    private static readonly Counter<long> _chunksReceived = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_chunks_received", "{chunk}", "MQTT image chunks received by camera grains.");

    private static readonly Counter<long> _chunksAccepted = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_chunks_accepted", "{chunk}", "Chunks added to a capture session (duplicates not included).");

    private static readonly Counter<long> _chunksDuplicate = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_chunks_duplicate", "{chunk}", "Chunks ignored as duplicates (redeliveries or repeats).");

    private static readonly Counter<long> _chunksRejected = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_chunks_rejected", "{chunk}", "Chunks refused, by reason.");

    private static readonly Counter<long> _imagesStored = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_images_stored", "{image}", "Images stored (blob written and row committed), by source.");

    private static readonly Counter<long> _sessionStatesPruned = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_session_states_pruned", "{session}", "Grain-state rows of automatic capture sessions deleted after Ingest__SessionStateRetention.");

    private static readonly Counter<long> _sessionsStale = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_sessions_stale", "{session}", "Capture sessions closed incomplete after the stale timeout.");

    private static readonly Counter<long> _sessionsResumed = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_sessions_resumed", "{session}", "Capture sessions whose new activation reloaded staged chunks (after a silo failure or idle collection).");

    private static readonly Counter<long> _storeRetries = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_image_store_retries", "{attempt}", "Attempts to store an assembled MQTT image that failed and were scheduled again.");

    private static readonly Counter<long> _motionEvents = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_motion_events", "{event}", "Frames in which motion was detected.");

    private static readonly Histogram<double> _assembly = IngestionTelemetry.Meter.CreateHistogram(
        "ingest_image_assembly_duration", TelemetryUnits.Seconds, "From an MQTT image's first chunk to its committed row.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = IngestionTelemetry.DurationBucketsSeconds });

    /// <param name="sourceType">The seed's name of the frame's source (<c>http_push</c>, <c>rtsp</c>, <c>mjpeg</c>, <c>mqtt</c>).</param>
    public static void FrameIngested(string cameraId, ImageSource frameSource, string sourceType, DateTimeOffset timestamp)
    {
        var source = MetadataStore.SourceName(frameSource);
        var camera = new KeyValuePair<string, object?>("camera_id", cameraId);
        _frames.Add(1, new KeyValuePair<string, object?>("source", source));
        _framesByCamera.Add(1, camera, new KeyValuePair<string, object?>("source", source));
        _cameraFrames.Add(1, camera, new KeyValuePair<string, object?>("source_type", sourceType));
        _cameraLastFrame.Record((timestamp - DateTimeOffset.UnixEpoch).TotalSeconds, camera);
    }

    public static void StreamConnected(string cameraId, bool connected) =>
        _cameraStatus.Record(connected ? 1 : 0, new KeyValuePair<string, object?>("camera_id", cameraId));

    public static void ChunkReceived() => _chunksReceived.Add(1);

    public static void ChunkAccepted() => _chunksAccepted.Add(1);

    public static void ChunkDuplicate() => _chunksDuplicate.Add(1);

    public static void ChunkRejected(string reason) => _chunksRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void ImageStored(string source) => _imagesStored.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <summary>
    /// Images a request stored (an upload's files, a capture request's frames): each is also a frame of its camera,
    /// as the TrackShift seed's frame counter counted them and its dashboards read them.
    /// </summary>
    public static void RequestImagesStored(string cameraId, string source, int count)
    {
        _imagesStored.Add(count, new KeyValuePair<string, object?>("source", source));
        _frames.Add(count, new KeyValuePair<string, object?>("source", source));
        _framesByCamera.Add(count, new KeyValuePair<string, object?>("camera_id", cameraId), new KeyValuePair<string, object?>("source", source));
    }

    public static void SessionStale() => _sessionsStale.Add(1);

    public static void SessionStatesPruned(int rows) => _sessionStatesPruned.Add(rows);

    public static void SessionResumed() => _sessionsResumed.Add(1);

    public static void StoreRetried() => _storeRetries.Add(1);

    private static readonly ConditionalWeakTable<PendingImageStores, object?> _pendingStores = new();

    static IngestMetrics()
    {
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_pending_store_images", () => _pendingStores.Sum(pair => pair.Key.Images), "{image}",
            "Complete MQTT images waiting to be stored (the blob store or the database not taking them).");
        IngestionTelemetry.Meter.CreateObservableGauge("ingest_pending_store", () => _pendingStores.Sum(pair => pair.Key.Bytes), TelemetryUnits.Bytes,
            "Bytes of the complete MQTT images waiting to be stored; new images are held back beyond Ingest__MaxPendingStoreBytes.");
    }

    public static void TrackPendingStores(PendingImageStores pending) => _pendingStores.AddOrUpdate(pending, null);

    /// <summary>A frame with motion: counted always; as a motion event of its camera only when one was published for it.</summary>
    public static void MotionDetected(string cameraId, bool announced)
    {
        _motionEvents.Add(1);
        if (announced)
        {
            _cameraMotion.Add(1, new KeyValuePair<string, object?>("camera_id", cameraId));
        }
    }

    public static void AssemblyCompleted(TimeSpan elapsed) => _assembly.Record(elapsed.TotalSeconds);
}
