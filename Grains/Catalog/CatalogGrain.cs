using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Grains.Metadata;
using Orleans.Concurrency;

namespace IngestionCluster.Grains.Catalog;

/// <summary>Stateless list queries over the metadata tables; as a stateless worker it runs on the calling silo, several activations at once.</summary>
[StatelessWorker]
public sealed class CatalogGrain(MetadataStore metadata, CatalogStore catalog) : Grain, ICatalogGrain
{
    /// <summary>Largest page any list returns.</summary>
    public const int MaxPageSize = 1000;

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
