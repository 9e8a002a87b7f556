using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Grains.Metadata;
using Orleans.Concurrency;

namespace IngestionCluster.Grains.Catalog;

/// <summary>Stateless list queries over the metadata tables; as a stateless worker it runs on the calling silo, several activations at once.</summary>
[StatelessWorker]
public sealed class CatalogGrain(MetadataStore metadata, CatalogStore catalog, CaptureIndex captures) : Grain, ICatalogGrain
{
    /// <summary>Largest page any list returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Cameras an ambiguous image_id's conflict names.</summary>
    private const int MaxCamerasNamed = 10;

    public async Task<ResultPage<ImageRecord>> ListImages(ImageListQuery query)
    {
        CheckPage(query.Skip, query.Limit);
        if (query.CameraId is not null)
        {
            IdRules.ValidateCameraId(query.CameraId);
        }
        var page = await metadata.ListImagesAsync(new ImageQuery(query.CameraId, query.From, query.To, query.Skip, query.Limit), CancellationToken.None)
            ;
        return new ResultPage<ImageRecord>(page.Items, page.Total);
    }

    public Task<ImageRecord?> GetImage(string imageId) =>
        metadata.GetImageAsync(IdRules.ValidateClientId(imageId, "image id"), CancellationToken.None);

    public async Task<ImageProgress?> GetImageProgress(string imageId, string? cameraId)
    {
        IdRules.ValidateClientId(imageId, "image id");
        if (cameraId is not null)
        {
            IdRules.ValidateCameraId(cameraId);
        }
        if (await captures.FindAsync(imageId, cameraId, CancellationToken.None) is not { } row)
        {
            // Not a named MQTT image: maybe the id of a stored one (an MQTT image without an image_id, say).
            return await metadata.GetImageAsync(imageId, CancellationToken.None) is { Source: ImageSource.Mqtt } image && (cameraId is null || image.CameraId == cameraId)
                ? new ImageProgress(imageId, image.CameraId, ImageProgress.Stored, image.ChunkCount ?? 0, image.ChunkCount ?? 0, [], image.CapturedAt, image.ReceivedAt, image)
                : null;
        }
        if (row.Status == ImageProgress.Receiving)
        {
            var live = await GrainFactory.GetCaptureSession(row.CameraId, row.SessionId).GetStatus();
            if (!live.Completed && !live.Stale)
            {
                return new ImageProgress(imageId, row.CameraId, ImageProgress.Receiving, live.Received, live.Total, live.Missing,
                    live.FirstChunkAt ?? row.FirstChunkAt, live.LastChunkAt ?? row.LastChunkAt, null);
            }
            // It finished between the index read and the session's answer: read the index again.
            row = await captures.FindAsync(imageId, row.CameraId, CancellationToken.None) ?? row;
        }
        var stored = row.StoredImageId is { } storedId ? await metadata.GetImageAsync(storedId, CancellationToken.None) : null;
        var missing = row.Status == ImageProgress.StaleStatus
            ? (await GrainFactory.GetCaptureSession(row.CameraId, row.SessionId).GetStatus()).Missing
            : [];
        return new ImageProgress(imageId, row.CameraId, row.Status, row.Received, row.Total, missing, row.FirstChunkAt, row.LastChunkAt, stored);
    }

    public async Task<ReprocessResult?> ForgetProcessed(string imageId, string? cameraId, bool deleteImage)
    {
        IdRules.ValidateClientId(imageId, "image id");
        if (cameraId is not null)
        {
            IdRules.ValidateCameraId(cameraId);
        }
        var rows = cameraId is null
            ? await captures.ListByImageAsync(imageId, MaxCamerasNamed + 1, CancellationToken.None)
            : await captures.FindAsync(imageId, cameraId, CancellationToken.None) is { } named ? [named] : [];
        if (rows.Count > 1)
        {
            // Cameras number their own shots, so two may use one image_id: forgetting (and deleting) must not guess which.
            var cameras = string.Join(", ", rows.Take(MaxCamerasNamed).Select(row => row.CameraId)) + (rows.Count > MaxCamerasNamed ? ", …" : string.Empty);
            throw new ResourceConflictException($"MQTT images with image_id '{imageId}' came from more than one camera ({cameras}): name one with camera_id.");
        }
        return rows is [var row] ? await GrainFactory.GetCaptureSession(row.CameraId, row.SessionId).Forget(deleteImage) : null;
    }

    public async Task<ResultPage<string>> ListCameraIds(int skip, int limit)
    {
        CheckPage(skip, limit);
        var page = await metadata.ListCameraIdsAsync(skip, limit, CancellationToken.None);
        return new ResultPage<string>(page.Items, page.Total);
    }

    public Task<ResultPage<LdoSummary>> ListLdos(int skip, int limit)
    {
        CheckPage(skip, limit);
        return catalog.ListLdosAsync(skip, limit, CancellationToken.None);
    }

    public Task<ResultPage<UploadJobInfo>> ListJobs(UploadJobStatus? status, int skip, int limit)
    {
        CheckPage(skip, limit);
        return catalog.ListJobsAsync(status, skip, limit, CancellationToken.None);
    }

    public Task<ResultPage<IngestRequestInfo>> ListIngestRequests(IngestRequestListQuery query)
    {
        CheckPage(query.Skip, query.Limit);
        if (query.CameraId is not null)
        {
            IdRules.ValidateCameraId(query.CameraId);
        }
        return catalog.ListRequestsAsync(query, CancellationToken.None);
    }

    public async Task<IReadOnlyList<ImageProgress>> ListReceivingImages(string? cameraId, int limit)
    {
        CheckPage(0, limit);
        if (cameraId is not null)
        {
            IdRules.ValidateCameraId(cameraId);
        }
        var rows = await captures.ListAsync(ImageProgress.Receiving, cameraId, limit, CancellationToken.None);
        var progress = await Task.WhenAll(rows.Select(row => GetImageProgress(row.ImageId, row.CameraId)));
        // An image may have been stored between the two reads: the list is of those still arriving.
        return [.. progress.OfType<ImageProgress>().Where(p => p.Status == ImageProgress.Receiving)];
    }

    public static void CheckPage(int skip, int limit)
    {
        if (skip < 0)
        {
            throw new ArgumentException("skip must be 0 or more.");
        }
        if (limit is < 1 or > MaxPageSize)
        {
            throw new ArgumentException($"limit must be between 1 and {MaxPageSize}.");
        }
    }
}
