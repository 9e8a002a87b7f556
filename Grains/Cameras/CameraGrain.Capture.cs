using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Hosting;
using IngestionCluster.Grains.Metadata;
using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// RTSP capture: the one capture loop of an RTSP camera in the whole cluster. It lives with the
/// activation; a keep-alive timer stops the activation from being collected while it captures. After a
/// silo dies, the capture watcher (and, as a slower safety net, a durable reminder) activates the camera
/// on a live silo, which starts the loop again. Frames, status changes and the stream description that
/// ffprobe found for the connection arrive on the loop's task and enter the grain as calls to itself
/// (<see cref="ICameraCaptureSink"/>), so they run as turns. Each carries the id of the loop that sent it: one the
/// loop sent while a turn of ours replaced that loop (a new source_url, say) waits for the turn to end, and is then
/// dropped instead of being taken as the new loop's.
/// </summary>
public sealed partial class CameraGrain : IRemindable
{
    private const string CaptureReminder = "rtsp-capture";

    /// <summary>The <c>reason</c> of the <c>camera.disconnected</c> event of a disconnect asked for (POST …/disconnect).</summary>
    private const string DisconnectRequested = "disconnect_requested";
    private static readonly TimeSpan _reminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan _keepAlivePeriod = TimeSpan.FromSeconds(30);
    private RtspCaptureLoop? _capture;
    private Guid _captureLoopId;
    private IGrainTimer? _captureKeepAlive;
    private IGrainTimer? _capacitySearch;
    private string? _captureUrl;
    private double _captureFps;
    private CaptureStatus _captureStatus = CaptureStatus.Stopped;
    private string? _captureError;
    private VideoStreamInfo? _captureStream;

    /// <summary>The source of the capture's stored frames: <c>rtsp</c>, or <c>mjpeg</c> for an MJPEG camera.</summary>
    private ImageSource StreamImageSource => Registration?.SourceType == CameraSourceType.Mjpeg ? ImageSource.Mjpeg : ImageSource.Rtsp;

    /// <summary>The <c>source</c> of the capture's events, named as its frames' source.</summary>
    private string StreamSourceName => SeedSourceNames.Of(StreamImageSource);

    private CaptureStatus CaptureStatusNow =>
        Registration?.SourceType.IsStreamed() == true ? _captureStatus : CaptureStatus.NotApplicable;

    private string? CaptureErrorNow => Registration?.SourceType.IsStreamed() == true ? _captureError : null;

    private VideoStreamInfo? CaptureStreamNow => Registration?.SourceType.IsStreamed() == true ? _captureStream : null;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CaptureReminder)
        {
            return;
        }
        if (Registration?.SourceType.IsStreamed() == true)
        {
            await EnsureCaptureAsync(Registration);
        }
        else
        {
            await UnregisterCaptureReminderAsync();
        }
    }

    public async Task<CameraInfo> Connect()
    {
        var registration = RtspRegistration("connected");
        await SaveCaptureStoppedAsync(false);
        await StopCaptureAsync("connect requested");
        await EnsureCaptureAsync(registration);
        return Info();
    }

    public async Task<CameraInfo> Disconnect()
    {
        RtspRegistration("disconnected");
        await SaveCaptureStoppedAsync(true);
        var wasCapturing = _capture is not null;
        await StopCaptureAsync("disconnect requested");
        (_captureStatus, _captureError, _captureStream) = (CaptureStatus.Stopped, null, null);
        if (wasCapturing)
        {
            IngestMetrics.StreamConnected(CameraId, connected: false);
            await events.PublishAsync(CameraId, CameraEventTypes.Disconnected, w =>
            {
                w.WriteString("source", StreamSourceName);
                w.WriteString("reason", DisconnectRequested);
                w.WriteString("message", "disconnected by request; a connect starts the capture again");
            });
        }
        return Info();
    }

    private CameraRegistration RtspRegistration(string action) => Registration switch
    {
        null => throw NotFound(),
        { SourceType: var type } registration when type.IsStreamed() => registration,
        _ => throw new WrongSourceTypeException($"Camera {CameraId} has no stream: only RTSP and MJPEG cameras can be {action}."),
    };

    private async Task SaveCaptureStoppedAsync(bool stopped)
    {
        if (state.State.CaptureStopped == stopped)
        {
            return;
        }
        state.State.CaptureStopped = stopped;
        await state.WriteOrDeactivateAsync(this, () => state.State.CaptureStopped = !stopped);
    }

    public Task EnsureCapturing() =>
        Registration is { } registration && registration.SourceType.IsStreamed() ? EnsureCaptureAsync(registration) : Task.CompletedTask;

    public async Task IngestCapturedFrame(CaptureFrame frame)
    {
        if (!IsCurrentCapture(frame.LoopId) || Registration is null)
        {
            return;
        }
        try
        {
            CheckFrame(frame.Jpeg);
            await IngestFrameAsync(frame.Jpeg, frame.ReceivedAt, StreamImageSource);
        }
        catch (Exception e) when (e is InvalidFrameException or FrameTooLargeException)
        {
            logger.LogWarning("Camera {CameraId}: captured frame refused: {Reason}", CameraId, e.Message);
        }
    }

    public async Task ReportCaptureStatus(CaptureStatusReport report)
    {
        if (!IsCurrentCapture(report.LoopId))
        {
            return;
        }
        _captureStatus = report.Status;
        if (report.Status == CaptureStatus.WaitingForCapacity)
        {
            // The first search spread over half an interval either side, so that cameras that began waiting together do not all ask at once.
            var interval = freeCaptureSlots.Interval;
            _capacitySearch ??= this.RegisterGrainTimer(SearchCapacityElsewhereAsync,
                new GrainTimerCreationOptions(interval * (0.5 + Random.Shared.NextDouble()), interval));
        }
        else
        {
            StopCapacitySearch();
        }
        if (report.Status != CaptureStatus.Connected)
        {
            // The description belongs to one connection; the next one is probed again.
            _captureStream = null;
        }
        if (report.Status == CaptureStatus.Connected)
        {
            _captureError = null;
            IngestMetrics.StreamConnected(CameraId, connected: true);
            await events.PublishAsync(CameraId, CameraEventTypes.Connected, w =>
            {
                w.WriteString("source", StreamSourceName);
                w.WriteString("source_url", RtspUrl.Mask(_captureUrl ?? string.Empty));
                w.WriteNumber("fps", _captureFps);
            });
        }
        else if (report.Status == CaptureStatus.Reconnecting)
        {
            _captureError = report.Error;
            if (report.LostConnection)
            {
                IngestMetrics.StreamConnected(CameraId, connected: false);
                await events.PublishAsync(CameraId, CameraEventTypes.Disconnected, w =>
                {
                    w.WriteString("source", StreamSourceName);
                    w.WriteString("reason", report.ReasonCode ?? "unknown");
                    w.WriteString("message", report.Error ?? "disconnected");
                    if (report.RetryInSeconds is { } retry)
                    {
                        w.WriteNumber("retry_in_s", retry);
                    }
                });
            }
        }
    }

    public Task ReportCaptureStream(VideoStreamInfo stream, Guid loopId)
    {
        if (IsCurrentCapture(loopId) && _captureStatus == CaptureStatus.Connected)
        {
            _captureStream = stream;
            logger.LogInformation("Camera {CameraId}: the stream is {Codec} {Width}x{Height} at {SourceFps} fps", CameraId, stream.Codec, stream.Width, stream.Height, stream.Fps);
        }
        return Task.CompletedTask;
    }

    private bool IsCurrentCapture(Guid loopId) => _capture is not null && loopId == _captureLoopId;

    private Task OnActivateCaptureAsync(CancellationToken cancellationToken) =>
        Registration is { } registration && registration.SourceType.IsStreamed() ? EnsureCaptureAsync(registration) : Task.CompletedTask;

    private async Task OnRegistrationChangedAsync(CameraRegistration registration)
    {
        if (!registration.SourceType.IsStreamed())
        {
            return;
        }
        if (_capture is not null && (_captureUrl != registration.SourceUrl || !_captureFps.Equals(registration.Fps)))
        {
            await StopCaptureAsync("settings changed");
        }
        await EnsureCaptureAsync(registration);
    }

    /// <summary>
    /// The reminder that brings an RTSP camera back to capture without an outside call, also when its list row (all the
    /// capture watcher reads) was never written: a tick activates the camera, which writes the row and captures.
    /// </summary>
    private async Task RegisterCaptureReminderAsync(CameraRegistration registration)
    {
        if (registration.SourceType.IsStreamed())
        {
            await this.RegisterOrUpdateReminder(CaptureReminder, _reminderPeriod, _reminderPeriod);
        }
    }

    private async Task EnsureCaptureAsync(CameraRegistration registration)
    {
        if (state.State.CaptureStopped)
        {
            return;
        }
        if (_capture is { Completion.IsCompleted: true } ended)
        {
            // The loop ended without being stopped (an unexpected failure, which it logged): it starts again.
            _capture = null;
            await ended.DisposeAsync();
            logger.LogWarning("Camera {CameraId}: the capture loop had ended on its own; starting it again", CameraId);
        }
        if (_capture is not null)
        {
            return;
        }
        var previousError = _captureError;
        _captureUrl = registration.SourceUrl!;
        _captureFps = registration.Fps;
        _captureStatus = CaptureStatus.Starting;
        _captureError = null;
        _captureStream = null;
        var sink = this.AsReference<ICameraCaptureSink>();
        var loopId = Guid.NewGuid();
        try
        {
            _capture = captures.Start(CameraId, _captureUrl, _captureFps,
                (frame, cancellationToken) => new ValueTask(sink.IngestCapturedFrame(new CaptureFrame(frame.Jpeg, frame.ReceivedAt, loopId)).WaitAsync(cancellationToken)),
                (change, cancellationToken) => ForwardStatusAsync(sink, loopId, change, cancellationToken),
                (stream, cancellationToken) => new ValueTask(sink.ReportCaptureStream(stream, loopId).WaitAsync(cancellationToken)));
            _captureLoopId = loopId;
        }
        catch (Exception e) when (e is FfmpegNotFoundException or (ArgumentException and not ArgumentNullException))
        {
            // The camera stays registered, listed, changeable and deletable, and says why it does not capture: ffmpeg is
            // missing (the capture reminder tries again every minute, so installing it is enough), or a registration saved
            // by an earlier release breaks a rule of this one (changing it starts the capture).
            _captureStatus = CaptureStatus.Reconnecting;
            _captureError = e.Message;
            // Tried again every 30 s: said once, not on every try.
            logger.Log(previousError == e.Message ? LogLevel.Debug : LogLevel.Error, "Camera {CameraId}: cannot capture: {Error}", CameraId, e.Message);
            return;
        }
        _captureKeepAlive ??= this.RegisterGrainTimer(_ => Task.CompletedTask,
            new GrainTimerCreationOptions(_keepAlivePeriod, _keepAlivePeriod) { KeepAlive = true });
        logger.LogInformation("Camera {CameraId}: capturing {Url} at {Fps} fps", CameraId, RtspUrl.Mask(_captureUrl), _captureFps);
    }

    private static ValueTask ForwardStatusAsync(ICameraCaptureSink sink, Guid loopId, RtspCaptureStatusChange change, CancellationToken cancellationToken)
    {
        if (change.Status == CaptureStatus.Stopped)
        {
            // The answer to our own stop, reported while a turn of ours awaits the loop: calling the grain here would deadlock.
            // A loop that ends on its own is found ended by the next reminder or watcher call, which starts it again.
            return ValueTask.CompletedTask;
        }
        var report = new CaptureStatusReport(change.Status, change.Failure?.ToString(), RtspFailureReasonCodes.Code(change.Failure?.Reason),
            change.LostConnection, change.RetryDelay is { } delay ? Math.Round(delay.TotalSeconds, 1) : null, loopId);
        return new ValueTask(sink.ReportCaptureStatus(report).WaitAsync(cancellationToken));
    }

    /// <summary>
    /// While this silo has no capture slot for the camera, another may: the camera moves to the one with the most free
    /// slots (Orleans migrates the activation there; the capture starts again on activation), so cameras placed unevenly,
    /// or a silo added for more of them, end up all capturing. Only the first waiters of this silo's queue go, as many as
    /// the other silo has free slots, and only one that leaves the queue before a slot here reaches it.
    /// </summary>
    private async Task SearchCapacityElsewhereAsync(CancellationToken cancellationToken)
    {
        if (_capture?.CapacityQueuePosition is not { } position)
        {
            StopCapacitySearch();
            return;
        }
        if (await freeCaptureSlots.FindAsync(cancellationToken) is not { } found || position >= found.Free || !freeCaptureSlots.IsActive(found.Silo))
        {
            return;
        }
        if (_capture?.TryLeaveCapacityQueue() != true)
        {
            // A slot here reached the camera meanwhile: it captures here.
            return;
        }
        StopCapacitySearch();
        var (target, free) = found;
        logger.LogInformation("Camera {CameraId}: no capture slot is free on this silo; moving to silo {Silo}, which has {Free}", CameraId, target, free);
        // Should placement drop the hint (the target left in the meantime), the camera is deactivated instead, and the capture
        // watcher or the camera's reminder activates it again wherever placement puts it.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        MigrateOnIdle();
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
    }

    private void StopCapacitySearch()
    {
        _capacitySearch?.Dispose();
        _capacitySearch = null;
    }

    private async Task StopCaptureAsync(string reason)
    {
        StopCapacitySearch();
        _captureKeepAlive?.Dispose();
        _captureKeepAlive = null;
        if (_capture is not { } capture)
        {
            return;
        }
        _capture = null;
        // Stopping cancels the loop's handlers, so a frame waiting for a turn of this grain gives up instead of waiting for us.
        await capture.DisposeAsync();
        if (_captureStatus == CaptureStatus.Connected)
        {
            // The gauge is this silo's: it says no more once the capture stops here (deleted, moved, its source changed).
            IngestMetrics.StreamConnected(CameraId, connected: false);
        }
        _captureStatus = CaptureStatus.Stopped;
        _captureStream = null;
        logger.LogInformation("Camera {CameraId}: capture stopped ({Reason})", CameraId, reason);
    }

    private async Task UnregisterCaptureReminderAsync()
    {
        if (await this.GetReminder(CaptureReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>The capture reminder of a deleted camera: the deletion is done, so a failure here is only logged.</summary>
    private async Task ForgetCaptureReminderAsync()
    {
        try
        {
            await UnregisterCaptureReminderAsync();
        }
        catch (Exception e)
        {
            // Its next tick finds no RTSP camera and unregisters it.
            logger.LogWarning("Camera {CameraId}: the capture reminder could not be unregistered, its next tick does: {Error}", CameraId, e.Message);
        }
    }
}
