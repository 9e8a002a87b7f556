using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Events;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Runtime;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// RTSP capture: the one capture loop of an RTSP camera in the whole cluster. It lives with the
/// activation; a durable reminder brings the camera (and so its capture) back on whichever silo owns
/// its partition after a failover, and a keep-alive timer stops the activation from being collected as
/// idle while it captures. Frames arrive on the loop's task and enter the grain as turns.
/// </summary>
public sealed partial class CameraGrain : IRemindable
{
    private const string CaptureReminder = "rtsp-capture";
    private static readonly TimeSpan _reminderPeriod = TimeSpan.FromMinutes(1);
    private RtspCaptureLoop? _capture;
    private IGrainTimer? _captureKeepAlive;
    private string? _captureUrl;
    private double _captureFps;
    private CaptureStatus _captureStatus = CaptureStatus.Stopped;
    private string? _captureError;

    private CaptureStatus CaptureStatusNow =>
        Registration?.SourceType == CameraSourceType.Rtsp ? _captureStatus : CaptureStatus.NotApplicable;

    private string? CaptureErrorNow => Registration?.SourceType == CameraSourceType.Rtsp ? _captureError : null;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CaptureReminder)
        {
            return;
        }
        if (Registration?.SourceType == CameraSourceType.Rtsp)
        {
            EnsureCapture(Registration);
        }
        else
        {
            await UnregisterCaptureReminderAsync().ConfigureAwait(false);
        }
    }

    private Task OnActivateCaptureAsync(CancellationToken cancellationToken)
    {
        if (Registration is { SourceType: CameraSourceType.Rtsp } registration)
        {
            EnsureCapture(registration);
        }
        return Task.CompletedTask;
    }

    private async Task OnRegistrationChangedAsync(CameraRegistration registration)
    {
        if (registration.SourceType != CameraSourceType.Rtsp)
        {
            return;
        }
        if (_capture is not null && (_captureUrl != registration.SourceUrl || !_captureFps.Equals(registration.Fps)))
        {
            await StopCaptureAsync("settings changed").ConfigureAwait(false);
        }
        EnsureCapture(registration);
        await RegisterOrUpdateReminder(CaptureReminder, _reminderPeriod, _reminderPeriod).ConfigureAwait(false);
    }

    private void EnsureCapture(CameraRegistration registration)
    {
        if (_capture is not null)
        {
            return;
        }
        _captureUrl = registration.SourceUrl!;
        _captureFps = registration.Fps;
        _captureStatus = CaptureStatus.Starting;
        _captureError = null;
        _capture = captures.Start(CameraId, _captureUrl, _captureFps, OnCapturedFrameAsync, OnCaptureStatusAsync);
        _captureKeepAlive ??= RegisterGrainTimer(_ => Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)) { KeepAlive = true });
        logger.LogInformation("Camera {CameraId}: capturing {Url} at {Fps} fps", CameraId, RtspUrl.Mask(_captureUrl), _captureFps);
    }

    private async Task StopCaptureAsync(string reason)
    {
        _captureKeepAlive?.Dispose();
        _captureKeepAlive = null;
        if (_capture is not { } capture)
        {
            return;
        }
        _capture = null;
        // Stopping cancels the loop's handlers, so a frame waiting for a turn of this grain gives up instead of waiting for us.
        await capture.DisposeAsync().ConfigureAwait(false);
        _captureStatus = CaptureStatus.Stopped;
        logger.LogInformation("Camera {CameraId}: capture stopped ({Reason})", CameraId, reason);
    }

    private async Task UnregisterCaptureReminderAsync() => await UnregisterReminder(CaptureReminder).ConfigureAwait(false);

    private async ValueTask OnCapturedFrameAsync(RtspFrame frame, CancellationToken cancellationToken)
    {
        await InvokeInTurnAsync(async () =>
        {
            if (_capture is null || Registration is null)
            {
                return;
            }
            try
            {
                await IngestFrameAsync(frame.Jpeg, frame.ReceivedAt, ImageSource.Rtsp).ConfigureAwait(false);
            }
            catch (InvalidFrameException e)
            {
                logger.LogWarning("Camera {CameraId}: captured frame refused: {Reason}", CameraId, e.Message);
            }
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask OnCaptureStatusAsync(RtspCaptureStatusChange change, CancellationToken cancellationToken)
    {
        if (change.Status == CaptureStatus.Stopped)
        {
            // Only ever the answer to our own stop, reported while a turn of ours awaits the loop: waiting for a turn here would deadlock.
            return;
        }
        await InvokeInTurnAsync(async () =>
        {
            _captureStatus = change.Status;
            if (change.Status == CaptureStatus.Connected)
            {
                _captureError = null;
                await events.PublishAsync(CameraId, CameraEventTypes.Connected, w =>
                {
                    w.WriteString("source_url", RtspUrl.Mask(_captureUrl ?? string.Empty));
                    w.WriteNumber("fps", _captureFps);
                }).ConfigureAwait(false);
            }
            else if (change.Status == CaptureStatus.Reconnecting)
            {
                _captureError = change.Failure?.ToString();
                if (change.LostConnection)
                {
                    await events.PublishAsync(CameraId, CameraEventTypes.Disconnected, w =>
                    {
                        w.WriteString("reason", RtspFailureReasonCodes.Code(change.Failure?.Reason));
                        w.WriteString("message", change.Failure?.ToString() ?? "disconnected");
                        if (change.RetryDelay is { } delay)
                        {
                            w.WriteNumber("retry_in_s", Math.Round(delay.TotalSeconds, 1));
                        }
                    }).ConfigureAwait(false);
                }
            }
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
