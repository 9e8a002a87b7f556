using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Grains.Abstractions.Ldos;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Catalog;

/// <summary>Queries over the metadata tables, and the operator actions on them (a stateless worker; key <see cref="Ids.GrainKeys.Catalog"/>).</summary>
[Alias("ic.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    [Alias("ListImages")]
    Task<ResultPage<ImageRecord>> ListImages(ImageListQuery query);

    /// <summary>The image's metadata, or null when there is none with this id.</summary>
    [Alias("GetImage")]
    Task<ImageRecord?> GetImage(string imageId);

    /// <summary>
    /// The progress of the MQTT image named <paramref name="imageId"/> (the <c>image_id</c> its chunks carry), of
    /// <paramref name="cameraId"/> or, without one, of the camera that sent it last; null when no such image is known.
    /// </summary>
    [Alias("GetImageProgress")]
    Task<ImageProgress?> GetImageProgress(string imageId, string? cameraId);

    /// <summary>
    /// Forgets that the MQTT image named <paramref name="imageId"/> was processed (and drops its staged chunks), so it
    /// can be sent again; deletes the stored image too when <paramref name="deleteImage"/>. Null when no such image is known.
    /// </summary>
    [Alias("ForgetProcessed")]
    Task<Sessions.ReprocessResult?> ForgetProcessed(string imageId, string? cameraId, bool deleteImage);

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
