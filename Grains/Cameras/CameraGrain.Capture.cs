using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Grains.Cameras;

/// <summary>RTSP capture: the one capture loop of an RTSP camera in the whole cluster.</summary>
public sealed partial class CameraGrain
{
    private CaptureStatus CaptureStatusNow =>
        Registration?.SourceType == CameraSourceType.Rtsp ? CaptureStatus.Stopped : CaptureStatus.NotApplicable;

    private string? CaptureErrorNow => null;

    private Task OnActivateCaptureAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task OnRegistrationChangedAsync(CameraRegistration registration) => Task.CompletedTask;

    private Task StopCaptureAsync(string reason) => Task.CompletedTask;

    private Task UnregisterCaptureReminderAsync() => Task.CompletedTask;
}
