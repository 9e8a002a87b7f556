using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Cameras;

/// <summary>Removes the blobs of stored frames whose row was never written, once the database can tell.</summary>
public sealed partial class CameraGrain
{
    // Enough to clear an outage's backlog over a few pushes without making the first push after it slow.
    private const int BlobsSettledPerPush = 16;

    private readonly UnconfirmedFrameBlobs _unconfirmedBlobs = new();

    private void TrackUnconfirmedBlob(string imageId, Storage.Blobs.BlobKey key)
    {
        if (_unconfirmedBlobs.Add(imageId, key) is { } givenUp)
        {
            logger.LogWarning("Camera {CameraId}: too many frames without their row to track; the blob of image {ImageId} may stay in the blob store",
                CameraId, givenUp);
        }
    }

    /// <summary>
    /// Deletes the blobs, among the oldest tracked, whose row the database does not hold: their push was answered with
    /// an error and, without a timestamp of its own, is never retried under the same image id. Best effort.
    /// </summary>
    private async Task SettleUnconfirmedBlobsAsync(int count, CancellationToken cancellationToken)
    {
        foreach (var (imageId, key) in _unconfirmedBlobs.Oldest(count))
        {
            try
            {
                if (await metadata.GetImageAsync(imageId, cancellationToken) is null)
                {
                    await blobs.DeleteAsync(key, cancellationToken);
                    logger.LogInformation("Camera {CameraId}: blob {BlobKey} removed, its frame's row was never written", CameraId, key);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Camera {CameraId}: the blob of image {ImageId}, whose row was not written, could not be settled yet: {Error}",
                    CameraId, imageId, e.Message);
                return;
            }
            _unconfirmedBlobs.Forget(imageId);
        }
    }
}
