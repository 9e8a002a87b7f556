using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Storage.Content;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Cameras;

/// <summary>MQTT images, once stored by their capture session: frames of the camera for the live view, motion and events.</summary>
public sealed partial class CameraGrain
{
    public async Task ImageStored(StoredImage image)
    {
        if (Registration is null)
        {
            return;
        }
        if (image.ContentType != ContentSniffer.Jpeg)
        {
            // The ring buffer holds JPEG frames; a PNG still shows the camera is sending.
            CountStoredImage(image.CapturedAt);
            return;
        }
        try
        {
            var taken = await TakeFrameAsync(image.Bytes, image.CapturedAt);
            await AnnounceFrameAsync(taken, image.Bytes.Length, image.CapturedAt, ImageSource.Mqtt, image.ImageId);
        }
        catch (Exception e) when (e is InvalidFrameException or FrameTooLargeException)
        {
            // Stored as the camera sent it; only the live view and motion detection pass it by.
            CountStoredImage(image.CapturedAt);
            logger.LogWarning("Camera {CameraId}: image {ImageId} is stored but not shown live: {Reason}", CameraId, image.ImageId, e.Message);
        }
    }

    private void CountStoredImage(DateTimeOffset capturedAt)
    {
        _framesReceived++;
        _lastFrameAt = capturedAt;
    }
}
