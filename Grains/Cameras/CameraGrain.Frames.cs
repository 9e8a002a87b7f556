using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Imaging;
using IngestionCluster.Grains.Images;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Motion;
using IngestionCluster.Grains.Telemetry;
using IngestionCluster.ServiceDefaults.Telemetry;

namespace IngestionCluster.Grains.Cameras;

/// <summary>The frame path, shared by HTTP pushes and RTSP captures: validate, detect motion, buffer, persist per policy, publish.</summary>
public sealed partial class CameraGrain
{
    private readonly FrameSequence _sequence = new();
    private readonly RecentPushes _recentPushes = new();
    private StoredPushes? _storedPushes;
    private long _framesReceived;
    private DateTimeOffset? _lastFrameAt;
    private DateTimeOffset? _lastReceivedAt;
    private DateTimeOffset? _lastMotionAt;
    private DateTimeOffset? _lastMotionEventAt;
    private bool _motionActive;

    public async Task<FramePushResult> PushFrame(FrameData frame)
    {
        IdRules.ValidateCameraId(CameraId);
        // Before an unknown camera is registered: a push refused for its frame registers nothing.
        CheckFrame(frame.Jpeg);
        var registration = await TryEnsureRegisteredAsync(CameraSourceType.HttpPush) ?? throw NotFound();
        if (registration.SourceType.IsStreamed())
        {
            // Pushed frames would interleave with the stream's in one ring buffer and sequence.
            FrameRejections.Record("rtsp_camera");
            throw new WrongSourceTypeException($"Camera {CameraId} takes its frames from its {registration.SourceType.StreamKind()} stream; frames are pushed to http_push (or mqtt) cameras.");
        }
        if (frame.Timestamp is not { } stamp)
        {
            return await IngestFrameAsync(frame.Jpeg, clock.GetUtcNow(), ImageSource.Http);
        }
        if (_recentPushes.Find(stamp, frame.Jpeg) is { } push)
        {
            // A retry of a push this camera took already: its answer again, nothing buffered or stored twice. Should
            // storing or announcing it have failed (the client got an error), that is done now, under its own sequence.
            return push.Answer ??= await FinishFrameAsync(push.Taken, frame.Jpeg, stamp, ImageSource.Http);
        }
        if (await FindStoredPushAsync(stamp, frame.Jpeg) is { } stored)
        {
            return stored;
        }
        var taken = await TakeFrameAsync(frame.Jpeg, stamp);
        var recent = _recentPushes.Add(stamp, frame.Jpeg, taken);
        return recent.Answer = await FinishFrameAsync(taken, frame.Jpeg, stamp, ImageSource.Http);
    }

    public Task<LatestFrame?> GetLatestFrame() => Task.FromResult(_frames.Latest);

    public Task<LatestFrame?> GetLatestFrameAfter(long sequence) =>
        Registration is null
            ? Task.FromException<LatestFrame?>(NotFound())
            : Task.FromResult(_frames.Latest is { } latest && latest.Sequence > sequence ? latest : null);

    /// <summary>A camera registered again starts its statistics afresh (its sequence numbers go on, never reused).</summary>
    private void ForgetFrameCounters()
    {
        _framesReceived = 0;
        _recentPushes.Clear();
        _storedPushes = StoredPushes.None;
        _lastFrameAt = null;
        _lastReceivedAt = null;
        _lastMotionAt = null;
        _lastMotionEventAt = null;
        _motionActive = false;
    }

    /// <summary>
    /// A retry of a push that an earlier activation stored but could not answer (its silo died): the stored frame's
    /// answer. The camera's last stored frames are read once per activation, at its first push with a timestamp, and
    /// only while it stores frames: a frame that was not stored can be taken again without harm.
    /// </summary>
    private async Task<FramePushResult?> FindStoredPushAsync(DateTimeOffset timestamp, byte[] jpeg)
    {
        if (_storedPushes is null)
        {
            if (Registration!.EffectivePersist.Mode == PersistMode.None)
            {
                return null;
            }
            _storedPushes = new StoredPushes(await metadata.ListLatestFramesAsync(CameraId, RecentPushes.Capacity, CancellationToken.None));
        }
        return _storedPushes.Find(timestamp, jpeg);
    }

    private async Task<FramePushResult> IngestFrameAsync(byte[] jpeg, DateTimeOffset timestamp, ImageSource source) =>
        await FinishFrameAsync(await TakeFrameAsync(jpeg, timestamp), jpeg, timestamp, source);

    /// <summary>Refuses, and counts, a frame that is no whole JPEG or is larger than the silos take.</summary>
    /// <exception cref="InvalidFrameException">Not a whole JPEG.</exception>
    /// <exception cref="FrameTooLargeException">Larger than <c>Ingest__MaxFrameBytes</c>.</exception>
    private void CheckFrame(byte[] jpeg)
    {
        var inspection = JpegInspector.Inspect(jpeg, options.MaxFrameBytes);
        if (!inspection.IsValid)
        {
            FrameRejections.Record(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(inspection.Problem.ToString()));
            throw inspection.Problem == JpegProblem.TooLarge
                ? new FrameTooLargeException($"{inspection.Reason} (Ingest__MaxFrameBytes).")
                : new InvalidFrameException(inspection.Reason ?? "not a valid JPEG");
        }
    }

    /// <summary>Detects motion in a frame that passed <see cref="CheckFrame"/> and buffers it under the next sequence number.</summary>
    private async Task<TakenFrame> TakeFrameAsync(byte[] jpeg, DateTimeOffset timestamp)
    {
        var motion = DetectMotion(jpeg);
        if (_sequence.NeedsReservation)
        {
            var reservedBefore = state.State.SequenceReservedUntil;
            state.State.SequenceReservedUntil = FrameSequence.BlockEnd(reservedBefore);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Numbers from a block that was not saved would be handed out again after a restart. The activation stays
                // (its buffer and capture outlive a storage blip): should the write have gone through after all, the next
                // one fails on the stale etag, and Orleans deactivates a grain whose call lets that exception out.
                state.State.SequenceReservedUntil = reservedBefore;
                throw;
            }
            _sequence.Reserve(reservedBefore);
        }
        var sequence = _sequence.Next();
        _frames.Add(new LatestFrame(jpeg, timestamp, sequence));
        _framesReceived++;
        _lastFrameAt = timestamp;
        // The frame's timestamp is the camera's clock, which may run ahead or behind: whether frames still arrive is told by ours.
        _lastReceivedAt = clock.GetUtcNow();
        _motionActive = motion.Motion;
        History.Record(_lastReceivedAt.Value, motion.Motion, motion.Area);
        return new TakenFrame(sequence, motion);
    }

    /// <summary>Stores a taken frame as the camera's policy says and announces it; every step may be repeated.</summary>
    private async Task<FramePushResult> FinishFrameAsync(TakenFrame taken, byte[] jpeg, DateTimeOffset timestamp, ImageSource source)
    {
        var (sequence, motion) = taken;
        string? imageId = null;
        if (PersistenceDecider.ShouldPersist(Registration!.EffectivePersist, motion.Motion, sequence))
        {
            imageId = await PersistFrameAsync(jpeg, timestamp, sequence, motion, source);
        }
        await AnnounceFrameAsync(taken, jpeg.Length, timestamp, source, imageId);
        return new FramePushResult(sequence, motion.Motion, motion.Area, motion.Calibrating, imageId, timestamp);
    }

    /// <summary>Publishes a taken frame's motion and arrival, and counts it.</summary>
    private async Task AnnounceFrameAsync(TakenFrame taken, int size, DateTimeOffset timestamp, ImageSource source, string? imageId)
    {
        var (sequence, motion) = taken;
        if (motion.Motion)
        {
            // A retried push finished late may carry an older timestamp than frames taken since.
            if (_lastMotionAt is null || timestamp > _lastMotionAt)
            {
                _lastMotionAt = timestamp;
            }
            var announce = MotionEventDue();
            IngestMetrics.MotionDetected(CameraId, announce);
            if (announce)
            {
                await PublishMotionAsync(sequence, motion, source);
            }
        }
        if (options.PublishFrameEvents)
        {
            await events.PublishAsync(CameraId, CameraEventTypes.FrameIngested, w =>
            {
                w.WriteNumber("sequence", sequence);
                w.WriteNumber("size_bytes", size);
                w.WriteString("source", SeedSourceNames.Of(source));
                w.WriteBoolean("motion", motion.Motion);
                w.WriteNumber("area", motion.Area);
                if (imageId is not null)
                {
                    w.WriteString("image_id", imageId);
                }
            });
        }
        IngestMetrics.FrameIngested(CameraId, source, SeedSourceNames.Of(source), timestamp);
    }

    /// <summary>Whether this frame's motion is announced: the first since the cooldown that the last announcement began has passed.</summary>
    private bool MotionEventDue()
    {
        var now = clock.GetUtcNow();
        if (_lastMotionEventAt is { } last && now - last < options.MotionEventCooldown && now >= last)
        {
            return false;
        }
        _lastMotionEventAt = now;
        return true;
    }

    private Task PublishMotionAsync(long sequence, MotionResult motion, ImageSource source) =>
        events.PublishAsync(CameraId, CameraEventTypes.MotionDetected, w =>
        {
            w.WriteString("reason", "motion");
            w.WriteString("source", SeedSourceNames.Of(source));
            w.WriteNumber("sequence", sequence);
            w.WriteNumber("area", motion.Area);
            w.WriteNumber("area_fraction", Math.Round(motion.AreaFraction, 5));
            w.WriteStartObject("box");
            w.WriteNumber("x", motion.Box.X);
            w.WriteNumber("y", motion.Box.Y);
            w.WriteNumber("width", motion.Box.Width);
            w.WriteNumber("height", motion.Box.Height);
            w.WriteEndObject();
            w.WriteNumber("image_width", motion.Width);
            w.WriteNumber("image_height", motion.Height);
        });

    private MotionResult DetectMotion(byte[] jpeg)
    {
        if (_motion is null)
        {
            return default;
        }
        try
        {
            return _motion.Process(jpeg);
        }
        catch (Exception e) when (e is TurboJpegException or InvalidDataException)
        {
            FrameRejections.Record("undecodable");
            throw new InvalidFrameException($"corrupt JPEG: {e.Message}");
        }
    }

    private async Task<string> PersistFrameAsync(byte[] jpeg, DateTimeOffset timestamp, long sequence, MotionResult motion, ImageSource source)
    {
        var imageId = ImageIds.ForFrame(CameraId, sequence);
        var key = ImageIds.BlobKeyFor(CameraId, imageId, Storage.Content.ContentSniffer.Jpeg);
        var written = await blobs.PutAsync(key, jpeg, Storage.Content.ContentSniffer.Jpeg);
        var now = clock.GetUtcNow();
        try
        {
            // One unit, so a new activation that reads the camera's stored frames back (FindStoredPushAsync) finds both rows or neither.
            await metadata.InsertImageAsync(new ImageRecord(imageId, CameraId, source, blobs.Container, key.Value, written.Sha256, written.Size,
                written.ContentType, timestamp, now, null, null, null),
                [metadata.FrameInsert(new FrameRecord(CameraId, sequence, imageId, timestamp, motion.Motion, motion.Area))], CancellationToken.None);
        }
        catch
        {
            TrackUnconfirmedBlob(imageId, key);
            throw;
        }
        IngestMetrics.ImageStored(MetadataStore.SourceName(source));
        _unconfirmedBlobs.Forget(imageId);
        if (!_unconfirmedBlobs.IsEmpty)
        {
            await SettleUnconfirmedBlobsAsync(BlobsSettledPerPush, CancellationToken.None);
        }
        return imageId;
    }
}
