using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Runtime;

namespace IngestionCluster.Grains.Abstractions.Catalog;

/// <summary>Read-only queries over the metadata tables (key: one of <see cref="CatalogKeys"/>).</summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    Task<ResultPage<ImageRecord>> ListImages(ImageListQuery query);

    /// <summary>The image's metadata, or null when there is none with this id.</summary>
    Task<ImageRecord?> GetImage(string imageId);

    /// <summary>Registered camera ids in id order.</summary>
    Task<ResultPage<string>> ListCameraIds(int skip, int limit);

    /// <summary>LDOs newest first.</summary>
    Task<ResultPage<LdoSummary>> ListLdos(int skip, int limit);

    /// <summary>Upload jobs newest first, optionally in one status.</summary>
    Task<ResultPage<UploadJobInfo>> ListJobs(UploadJobStatus? status, int skip, int limit);
}
