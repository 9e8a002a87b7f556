using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>
/// The camera-ingest seed's manual stream control of an RTSP or MJPEG camera: <c>POST /api/cameras/{id}/connect</c> and
/// <c>/disconnect</c>, answered with its messages. A disconnect is saved: the camera captures again only on a connect
/// or a new registration, whatever silo it lives on.
/// </summary>
public static class CameraStreamApi
{
    public static IEndpointRouteBuilder MapCameraStreamApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/cameras", "Cameras");
        api.MapPost("/{camera_id}/connect", ConnectAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblems(400, 404)
            .WithSummary("Start an RTSP or MJPEG camera's capture again after a disconnect (a running capture reconnects at once).");
        api.MapPost("/{camera_id}/disconnect", DisconnectAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblems(400, 404)
            .WithSummary("Stop an RTSP or MJPEG camera's capture until a connect or a new registration; the camera stays registered.");
        return app;
    }

    private static async Task<Ok<MessageResponse>> ConnectAsync([FromRoute(Name = "camera_id")] string cameraId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateCameraId(cameraId);
        await services.Grains.GetCamera(cameraId).Connect().ConfigureAwait(false);
        return TypedResults.Ok(new MessageResponse($"Attempting to connect to camera {cameraId}"));
    }

    private static async Task<Ok<MessageResponse>> DisconnectAsync([FromRoute(Name = "camera_id")] string cameraId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateCameraId(cameraId);
        await services.Grains.GetCamera(cameraId).Disconnect().ConfigureAwait(false);
        return TypedResults.Ok(new MessageResponse($"Disconnected camera {cameraId}"));
    }
}
