using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Imaging;
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
        // Checked first, so that an image stored as the camera sent it never counts as a refused frame.
        JpegInspection? inspection = image.ContentType == ContentSniffer.Jpeg ? JpegInspector.Inspect(image.Bytes, options.MaxFrameBytes) : null;
        if (inspection is not { IsValid: true })
        {
            CountUnbuffered(image, inspection?.Reason ?? $"the ring buffer holds JPEG frames, not {image.ContentType}");
            return;
        }
        try
        {
            var taken = await TakeFrameAsync(image.Bytes, image.CapturedAt);
            await AnnounceFrameAsync(taken, image.Bytes.Length, image.CapturedAt, ImageSource.Mqtt, image.ImageId);
        }
        catch (InvalidFrameException e)
        {
            // Its entropy data could not be decoded for motion detection; it is stored all the same.
            CountUnbuffered(image, e.Message);
        }
    }

    private void CountUnbuffered(StoredImage image, string reason)
    {
        _framesReceived++;
        _lastFrameAt = image.CapturedAt;
        _lastReceivedAt = clock.GetUtcNow();
        logger.LogDebug("Camera {CameraId}: image {ImageId} is stored but not shown live: {Reason}", CameraId, image.ImageId, reason);
    }
}
