using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.DeadLetters;
using IngestionCluster.Grains.Events;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Motion;
using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Grains.Sessions;
using IngestionCluster.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// One camera: its registration (persisted), a ring buffer of its latest frames, motion state, the
/// routing of its MQTT chunks to capture sessions and, for RTSP cameras, its capture loop. This file
/// holds registration; frames, chunks and capture live in the other parts of the class. In cluster mode
/// the Redis grain directory keeps it to one activation in the whole cluster.
/// </summary>
[GrainType(GrainTypeName)]
public sealed partial class CameraGrain(
    [PersistentState("camera", GrainStorage.Name)] IPersistentState<CameraState> state,
    IBlobStore blobs,
    MetadataStore metadata,
    CameraEventPublisher events,
    DeadLetterRecorder deadLetters,
    AutomaticSessionStates sessionStates,
    RtspCaptureLoopFactory captures,
    FreeCaptureSlotFinder freeCaptureSlots,
    ILocalSiloDetails silo,
    IngestOptions options,
    TimeProvider clock,
    ILogger<CameraGrain> logger) : Grain, ICameraGrain, ICameraCaptureSink
{
    public const string GrainTypeName = "camera";
    private static readonly JsonSerializerOptions _rowJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private FrameRingBuffer _frames = new(CameraRegistration.DefaultBufferSize);
    private MotionDetector? _motion;
    private string? _appliedSourceUrl;

    private string CameraId => GrainKeys.IdOf(this.GetPrimaryKeyString(), GrainKeys.CameraPrefix);

    private CameraRegistration? Registration => state.State.Registration;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tracker = new ImplicitSessionTracker(state.State.SessionSequence);
        _history = new MotionHistory(clock.GetUtcNow());
        if (Registration is { Motion: { Threshold: > MotionConfig.MaxThreshold } motion } saved)
        {
            // Saved when 255 was still taken: the highest threshold there is now (saved with the next change).
            state.State.Registration = saved with { Motion = motion with { Threshold = MotionConfig.MaxThreshold } };
        }
        if (Registration is { } registration)
        {
            Apply(registration);
        }
        if (state.State.ListRowBehind)
        {
            await CatchUpListRowAsync(cancellationToken);
        }
        await OnActivateCaptureAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopCaptureAsync(reason.ToString());
        if (!_unconfirmedBlobs.IsEmpty)
        {
            await SettleUnconfirmedBlobsAsync(UnconfirmedFrameBlobs.Capacity, cancellationToken);
        }
        _motion?.Dispose();
        _motion = null;
    }

    public async Task<CameraInfo> Register(CameraRegistration registration)
    {
        IdRules.ValidateCameraId(CameraId);
        if (CaptureRules.Problem(registration) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        if (Registration is { } existing)
        {
            if (existing == registration)
            {
                // Perhaps the client's retry of a registration that failed after its state was saved: what came after
                // (the capture's reminder, the list row, the capture) is done again, as each step is idempotent. A
                // registration also ends a disconnect, as the camera-ingest seed's restarted the camera's worker.
                await SaveCaptureStoppedAsync(false);
                await RegisterCaptureReminderAsync(registration);
                await ApplySavedRegistrationAsync(registration, state.State.UpdatedAt);
                return Info();
            }
            // Registered again with other settings: replaced whole, as the camera-ingest seed did (it had no PATCH).
            await SaveRegistrationAsync(registration, created: false, endDisconnect: true);
            if (existing.SourceType.IsStreamed() && !registration.SourceType.IsStreamed())
            {
                await StopCaptureAsync("registered again as another source type");
                await ForgetCaptureReminderAsync();
            }
            return Info();
        }
        await SaveRegistrationAsync(registration, created: true, endDisconnect: true);
        return Info();
    }

    public async Task<CameraInfo> Update(CameraSettingsPatch patch)
    {
        var current = Registration ?? throw NotFound();
        var updated = patch.ApplyTo(current);
        if (CaptureRules.Problem(updated) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        await SaveRegistrationAsync(updated, created: false);
        return Info();
    }

    public async Task Unregister()
    {
        if (Registration is null)
        {
            throw NotFound();
        }
        await StopCaptureAsync("camera deleted");
        // Sequences and the session counter stay, so a camera registered again never reuses them.
        var (before, updatedBefore, rowBehindBefore, stoppedBefore) = (state.State.Registration, state.State.UpdatedAt, state.State.ListRowBehind, state.State.CaptureStopped);
        state.State.Registration = null;
        state.State.UpdatedAt = clock.GetUtcNow();
        state.State.ListRowBehind = true;
        state.State.CaptureStopped = false;
        // Should it fail, the camera is still registered: the next activation starts from what was saved (and captures again, for RTSP).
        await state.WriteOrDeactivateAsync(this, () =>
            (state.State.Registration, state.State.UpdatedAt, state.State.ListRowBehind, state.State.CaptureStopped) = (before, updatedBefore, rowBehindBefore, stoppedBefore));
        await WithListRowAsync(() => metadata.DeleteCameraAsync(CameraId, CancellationToken.None));
        // Only once the deletion is saved: a camera still registered after a failed write needs its reminder to capture
        // again, while a reminder left to a deleted camera unregisters itself on its next tick.
        await ForgetCaptureReminderAsync();
        _frames.Clear();
        ForgetFrameCounters();
        History.Reset(clock.GetUtcNow());
        _motion?.Dispose();
        _motion = null;
        logger.LogInformation("Camera {CameraId} unregistered", CameraId);
    }

    public Task<CameraInfo?> GetInfo() => Task.FromResult(Registration is null ? null : Info());

    /// <summary>Source URLs can carry credentials, in the user info or the query: only their masked form is logged, stored as metadata or returned.</summary>
    private static string? MaskedSourceUrl(string? url) => url is null ? null : RtspUrl.Mask(url);

    private async Task SaveRegistrationAsync(CameraRegistration registration, bool created, bool endDisconnect = false)
    {
        // First: should the list row's write fail after the state's, the reminder still starts the capture; should the
        // state's fail, a tick finds no RTSP camera and unregisters it.
        await RegisterCaptureReminderAsync(registration);
        var now = clock.GetUtcNow();
        var (before, createdBefore, updatedBefore, rowBehindBefore, stoppedBefore) =
            (state.State.Registration, state.State.CreatedAt, state.State.UpdatedAt, state.State.ListRowBehind, state.State.CaptureStopped);
        state.State.Registration = registration;
        state.State.CaptureStopped &= !endDisconnect;
        if (created)
        {
            state.State.CreatedAt = now;
        }
        state.State.UpdatedAt = now;
        state.State.ListRowBehind = true;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // A retry must not find the registration in memory and take it for saved. The activation stays, capturing
            // as before (a storage blip must not stop it): should the write have gone through after all, the next one
            // fails on the stale etag, and Orleans deactivates a grain whose call lets that exception out.
            (state.State.Registration, state.State.CreatedAt, state.State.UpdatedAt, state.State.ListRowBehind, state.State.CaptureStopped) =
                (before, createdBefore, updatedBefore, rowBehindBefore, stoppedBefore);
            throw;
        }
        try
        {
            await ApplySavedRegistrationAsync(registration, now);
        }
        catch
        {
            // Saved, but not applied here (the list row failed, say): the next activation starts from what was saved,
            // instead of this one capturing the old URL at the old rate for as long as it lives.
            DeactivateOnIdle();
            throw;
        }
        logger.LogInformation("Camera {CameraId} {Action}: {SourceType} {SourceUrl} at {Fps} fps", CameraId, created ? "registered" : "updated",
            registration.SourceType.Name(), MaskedSourceUrl(registration.SourceUrl) ?? "-", registration.Fps);
    }

    /// <summary>What follows a saved registration: the list row (which the capture watcher reads too), the settings in memory, the capture.</summary>
    private async Task ApplySavedRegistrationAsync(CameraRegistration registration, DateTimeOffset updatedAt)
    {
        await WithListRowAsync(() => UpsertListRowAsync(registration, updatedAt, CancellationToken.None));
        Apply(registration);
        await OnRegistrationChangedAsync(registration);
    }

    private Task UpsertListRowAsync(CameraRegistration registration, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        var masked = registration with { SourceUrl = MaskedSourceUrl(registration.SourceUrl) };
        return metadata.UpsertCameraAsync(new CameraRow(CameraId, registration.SourceType.Name(), masked.SourceUrl,
            JsonSerializer.Serialize(masked, _rowJson), state.State.CreatedAt, updatedAt), cancellationToken);
    }

    /// <summary>
    /// Writes the list row after a saved change, then saves that the list shows it. When the row's write fails, the
    /// activation goes, so that the next one writes it from the state.
    /// </summary>
    private async Task WithListRowAsync(Func<Task> writeRow)
    {
        try
        {
            await writeRow();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        await MarkListRowCaughtUpAsync();
    }

    /// <summary>A change saved while the list's write failed: the list row follows the state now.</summary>
    private async Task CatchUpListRowAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Registration is { } registration)
            {
                await UpsertListRowAsync(registration, state.State.UpdatedAt, cancellationToken);
            }
            else
            {
                await metadata.DeleteCameraAsync(CameraId, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The camera works without its list row; the next activation tries again.
            logger.LogWarning("Camera {CameraId}: the cameras list could not be brought up to date: {Error}", CameraId, e.Message);
            return;
        }
        logger.LogInformation("Camera {CameraId}: the cameras list row, behind since a failed write, brought up to date", CameraId);
        await MarkListRowCaughtUpAsync();
    }

    /// <remarks>
    /// Not saved, the flag stays set, and the list row is only written once more by a later activation: the change
    /// itself is done, so the caller is not told of a failure.
    /// </remarks>
    private async Task MarkListRowCaughtUpAsync()
    {
        state.State.ListRowBehind = false;
        try
        {
            await state.WriteOrDeactivateAsync(this, () => state.State.ListRowBehind = true);
        }
        catch (Exception e)
        {
            logger.LogWarning("Camera {CameraId}: could not save that the cameras list is up to date: {Error}", CameraId, e.Message);
        }
    }

    /// <summary>Registers an unknown camera on its first frame or chunk, when the configuration allows it; null when it does not.</summary>
    private async Task<CameraRegistration?> TryEnsureRegisteredAsync(CameraSourceType sourceType)
    {
        if (Registration is { } registration)
        {
            return registration;
        }
        if (!options.AutoRegisterCameras)
        {
            return null;
        }
        IdRules.ValidateCameraId(CameraId);
        await SaveRegistrationAsync(new CameraRegistration(sourceType), created: true);
        return Registration!;
    }

    private void Apply(CameraRegistration registration)
    {
        _frames.Resize(registration.BufferSize);
        var motion = registration.EffectiveMotion;
        var settings = new MotionSettings
        {
            Threshold = motion.Threshold,
            MinArea = motion.MinArea,
            BackgroundRate = motion.BackgroundRate,
            WarmupFrames = motion.WarmupFrames,
        };
        if (_motion is null || _motion.Settings != settings)
        {
            _motion?.Dispose();
            // Should the new detector fail to build, no disposed one stays in use.
            _motion = null;
            _motion = motion.Enabled ? new MotionDetector(settings) : null;
        }
        else if (!motion.Enabled)
        {
            _motion.Dispose();
            _motion = null;
        }
        else if (registration.SourceUrl != _appliedSourceUrl)
        {
            // Another stream: the old scene is no background for it.
            _motion.Reset();
        }
        _appliedSourceUrl = registration.SourceUrl;
    }

    private CameraInfo Info()
    {
        var registration = Registration!;
        return new CameraInfo(
            CameraId,
            registration.SourceType,
            MaskedSourceUrl(registration.SourceUrl),
            registration.Fps,
            registration.BufferSize,
            registration.EffectiveMotion,
            registration.EffectivePersist,
            state.State.CreatedAt,
            state.State.UpdatedAt,
            _framesReceived,
            _sequence.Last,
            _lastFrameAt,
            _frames.Count,
            _motionActive,
            _lastMotionAt,
            CaptureStatusNow,
            CaptureErrorNow,
            registration.SourceType == CameraSourceType.Mqtt ? AutoSessionId(_tracker!.CurrentSequence) : null,
            silo.Name,
            CaptureStreamNow,
            _lastReceivedAt);
    }

    private CameraNotFoundException NotFound() => new($"Camera '{CameraId}' is not registered.");
}
