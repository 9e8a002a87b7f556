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

/// <summary>The only way the product reaches its grains: by domain id, with the key prefixes of <see cref="GrainKeys"/>.</summary>
public static class GrainFactoryExtensions
{
    public static ICameraGrain GetCamera(this IGrainFactory grains, string cameraId) =>
        grains.GetGrain<ICameraGrain>(GrainKeys.Camera(cameraId));

    public static ICaptureSessionGrain GetCaptureSession(this IGrainFactory grains, string cameraId, string sessionId) =>
        grains.GetGrain<ICaptureSessionGrain>(GrainKeys.CaptureSession(cameraId, sessionId));

    public static IIngestRequestGrain GetIngestRequest(this IGrainFactory grains, string requestId) =>
        grains.GetGrain<IIngestRequestGrain>(GrainKeys.IngestRequest(requestId));

    public static ILdoGrain GetLdo(this IGrainFactory grains, string ldoId) =>
        grains.GetGrain<ILdoGrain>(GrainKeys.Ldo(ldoId));

    public static IUploadJobGrain GetUploadJob(this IGrainFactory grains, string jobId) =>
        grains.GetGrain<IUploadJobGrain>(GrainKeys.UploadJob(jobId));

    public static ICatalogGrain GetCatalog(this IGrainFactory grains) => grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog);

    public static IClusterHealthGrain GetClusterHealth(this IGrainFactory grains) => grains.GetGrain<IClusterHealthGrain>(GrainKeys.Catalog);

    public static IThumbnailGrain GetThumbnails(this IGrainFactory grains) => grains.GetGrain<IThumbnailGrain>(GrainKeys.Thumbnails);

    public static IDeadLetterGrain GetDeadLetters(this IGrainFactory grains) => grains.GetGrain<IDeadLetterGrain>(GrainKeys.Catalog);
}
