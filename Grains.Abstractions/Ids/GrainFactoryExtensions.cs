using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Abstractions.Health;
using IngestionCluster.Grains.Abstractions.Imaging;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Grains.Abstractions.Ldos;
using IngestionCluster.Grains.Abstractions.Requests;
using IngestionCluster.Grains.Abstractions.Sessions;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ids;

/// <summary>
/// The only way the product reaches its grains: by domain id, with the key prefixes of <see cref="GrainKeys"/>, through
/// <see cref="GrainReferenceCache{TGrain}"/>.
/// </summary>
public static class GrainFactoryExtensions
{
    public static ICameraGrain GetCamera(this IGrainFactory grains, string cameraId) =>
        GrainReferenceCache<ICameraGrain>.Get(grains, GrainKeys.Camera(cameraId));

    public static ICameraFileImportGrain GetCameraFileImport(this IGrainFactory grains) =>
        GrainReferenceCache<ICameraFileImportGrain>.Get(grains, GrainKeys.CameraFileImport);

    public static ICaptureSessionGrain GetCaptureSession(this IGrainFactory grains, string cameraId, string sessionId) =>
        GrainReferenceCache<ICaptureSessionGrain>.Get(grains, GrainKeys.CaptureSession(cameraId, sessionId));

    public static IIngestRequestGrain GetIngestRequest(this IGrainFactory grains, string requestId) =>
        GrainReferenceCache<IIngestRequestGrain>.Get(grains, GrainKeys.IngestRequest(requestId));

    public static ILdoGrain GetLdo(this IGrainFactory grains, string ldoId) =>
        GrainReferenceCache<ILdoGrain>.Get(grains, GrainKeys.Ldo(ldoId));

    public static ILdoKeyGrain GetLdoKey(this IGrainFactory grains, string attemptKey) =>
        GrainReferenceCache<ILdoKeyGrain>.Get(grains, GrainKeys.LdoKey(attemptKey));

    public static IUploadJobGrain GetUploadJob(this IGrainFactory grains, string jobId) =>
        GrainReferenceCache<IUploadJobGrain>.Get(grains, GrainKeys.UploadJob(jobId));

    public static ICatalogGrain GetCatalog(this IGrainFactory grains) => GrainReferenceCache<ICatalogGrain>.Get(grains, GrainKeys.Catalog);

    public static IClusterHealthGrain GetClusterHealth(this IGrainFactory grains) => GrainReferenceCache<IClusterHealthGrain>.Get(grains, GrainKeys.Catalog);

    public static IThumbnailGrain GetThumbnails(this IGrainFactory grains) => GrainReferenceCache<IThumbnailGrain>.Get(grains, GrainKeys.Thumbnails);

    public static IDeadLetterGrain GetDeadLetters(this IGrainFactory grains) => GrainReferenceCache<IDeadLetterGrain>.Get(grains, GrainKeys.Catalog);
}
