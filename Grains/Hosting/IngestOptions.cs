using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Hosting;

/// <summary>Settings of section <c>Ingest</c>: limits and behaviour of frame and chunk ingestion.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Largest JPEG accepted as a frame.</summary>
    public int MaxFrameBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most chunks one MQTT image may have (a larger <c>total</c> is rejected).</summary>
    public int MaxChunksPerImage { get; set; } = 1000;

    /// <summary>The most <see cref="MaxChunksPerImage"/> may allow: an image's chunk table is sized by its <c>total</c>.</summary>
    public const int MaxChunksPerImageLimit = 1_000_000;

    /// <summary>Largest assembled MQTT image.</summary>
    public int MaxImageBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>A capture session with no new chunk for this long is closed as stale, recorded and counted.</summary>
    public TimeSpan SessionStaleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The grain-state row of an automatic capture session (an MQTT image without an <c>image_id</c>) is deleted once it
    /// is this old and its camera has moved at least 128 sessions past it. Zero keeps every row; unset, an hour, or twice
    /// <see cref="SessionStaleTimeout"/> when that is longer.
    /// </summary>
    public TimeSpan? SessionStateRetention { get; set; }

    /// <summary>The retention in force: <see cref="SessionStateRetention"/>, or its default when unset.</summary>
    public TimeSpan EffectiveSessionStateRetention =>
        SessionStateRetention ?? (2 * SessionStaleTimeout > TimeSpan.FromHours(1) ? 2 * SessionStaleTimeout : TimeSpan.FromHours(1));

    /// <summary>How often each silo looks for staged sessions nobody is working on (their silo died) and resumes them.</summary>
    public TimeSpan StagingSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A session whose last chunk was staged longer ago than this is resumed by the sweeper.</summary>
    public TimeSpan StagingSweepIdleAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most bytes of complete MQTT images one silo keeps in memory while they wait to be stored (blob store or database
    /// down); beyond it new images are held back, unacknowledged, until the backlog is stored.
    /// </summary>
    public long MaxPendingStoreBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Unknown cameras that push frames or publish chunks are registered with default settings.</summary>
    public bool AutoRegisterCameras { get; set; } = true;

    /// <summary>
    /// After a <c>motion.detected</c> event, a camera's frames with motion publish no other for this long (the
    /// camera-ingest seed waited 5 s, so its consumers, such as its Telegram alerts, are not sent one per frame);
    /// <c>frame.ingested</c> still says <c>motion</c> for each. Zero publishes one for every frame with motion.
    /// </summary>
    public TimeSpan MotionEventCooldown { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The camera file read when <see cref="CameraFile"/> is not set, from the working folder: the camera-ingest seed's default.</summary>
    public const string DefaultCameraFile = "cameras.json";

    /// <summary>
    /// A camera file to register cameras from at start (the camera-ingest seed's <c>cameras.json</c>, its
    /// <c>CAMERA_DB_FILE</c>): an entry new or changed since it was last imported registers its camera; the others
    /// are left as the API has left them. Unset: <see cref="DefaultCameraFile"/> in the working folder, when there is
    /// one, as the seed read it; empty: none. A missing file is skipped (logged when named); one that cannot be read
    /// stops the silo.
    /// </summary>
    public string? CameraFile { get; set; }

    /// <summary>Publish a <c>frame.ingested</c> event for every frame (motion and image events are always published).</summary>
    public bool PublishFrameEvents { get; set; } = true;

    public void Validate()
    {
        var problems = new List<string>();
        if (MaxFrameBytes < 1024 || MaxImageBytes < 1024)
        {
            problems.Add("Ingest__MaxFrameBytes and Ingest__MaxImageBytes must be at least 1024.");
        }
        if (MaxPendingStoreBytes < 1)
        {
            problems.Add("Ingest__MaxPendingStoreBytes must be at least 1.");
        }
        if (MaxChunksPerImage is < 1 or > MaxChunksPerImageLimit)
        {
            problems.Add($"Ingest__MaxChunksPerImage must be between 1 and {MaxChunksPerImageLimit}.");
        }
        if (SessionStaleTimeout <= TimeSpan.Zero || SessionStaleTimeout > TimeSpan.FromHours(24))
        {
            problems.Add("Ingest__SessionStaleTimeout must be positive and at most 24 hours.");
        }
        if (SessionStateRetention is { } retention && retention != TimeSpan.Zero && retention < 2 * SessionStaleTimeout)
        {
            problems.Add("Ingest__SessionStateRetention must be 00:00:00 (keep every row) or at least twice Ingest__SessionStaleTimeout, so that a session left incomplete has gone stale before its row goes.");
        }
        if (StagingSweepInterval <= TimeSpan.Zero || StagingSweepIdleAfter <= TimeSpan.Zero)
        {
            problems.Add("Ingest__StagingSweepInterval and Ingest__StagingSweepIdleAfter must be positive.");
        }
        if (MotionEventCooldown < TimeSpan.Zero || MotionEventCooldown > TimeSpan.FromHours(1))
        {
            problems.Add("Ingest__MotionEventCooldown must be between 00:00:00 and 01:00:00.");
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(IngestOptions), problems);
        }
    }
}
