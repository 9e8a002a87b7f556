using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Grains.Abstractions.Ldos;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Catalog;

/// <summary>Read-only queries over the metadata tables (a stateless worker; key <see cref="GrainKeys.Catalog"/>).</summary>
[Alias("ic.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    [Alias("ListImages")]
    Task<ResultPage<ImageRecord>> ListImages(ImageListQuery query);

    /// <summary>The image's metadata, or null when there is none with this id.</summary>
    [Alias("GetImage")]
    Task<ImageRecord?> GetImage(string imageId);

    /// <summary>Registered camera ids in id order.</summary>
    [Alias("ListCameraIds")]
    Task<ResultPage<string>> ListCameraIds(int skip, int limit);

    /// <summary>LDOs newest first.</summary>
    [Alias("ListLdos")]
    Task<ResultPage<LdoSummary>> ListLdos(int skip, int limit);

    /// <summary>Upload jobs newest first, optionally in one status.</summary>
    [Alias("ListJobs")]
    Task<ResultPage<UploadJobInfo>> ListJobs(UploadJobStatus? status, int skip, int limit);
}
