using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Every area of the HTTP API.</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapIngestionApis(this IEndpointRouteBuilder app) =>
        app.MapIngestApi()
            .MapImagesApi()
            .MapThumbnailsApi()
            .MapCapturesApi()
            .MapCamerasApi()
            .MapCameraStreamApi()
            .MapLiveStreamApi()
            .MapCameraFramesApi()
            .MapPushApi()
            .MapEventsApi()
            .MapLdoApi()
            .MapUploadsApi()
            .MapJobsApi()
            .MapLogIngestSeedApi()
            .MapLoginApi()
            .MapAdminApi()
            .MapClusterApi()
            .MapSessionApi();
}
