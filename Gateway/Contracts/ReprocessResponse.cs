namespace IngestionCluster.Gateway.Contracts;

/// <summary>What <c>DELETE /api/admin/images/{image_id}/processed</c> did.</summary>
/// <param name="ImageId">The MQTT image_id.</param>
/// <param name="WasProcessed">It had been stored (or gone stale); the same image_id is now accepted again.</param>
/// <param name="StagedChunksDropped">Chunks of an unfinished image that were dropped.</param>
/// <param name="DeletedImageId">The stored image deleted with it (delete_image=true).</param>
/// <param name="CameraId">The camera whose image it was.</param>
public sealed record ReprocessResponse(string ImageId, bool WasProcessed, int StagedChunksDropped, string? DeletedImageId, string? CameraId);
