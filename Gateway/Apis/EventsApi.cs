using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Events;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Apis;

/// <summary>
/// Camera events of every camera (<c>/api/events</c>) or one (<c>/api/cameras/{id}/events</c>): Server-Sent Events,
/// or a WebSocket when the request asks for one (the camera-ingest seed's <c>/api/events</c> was a WebSocket).
/// </summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api", "Events");
        // A stream lasts as long as its client listens: as a request duration it would only fill the +Inf
        // bucket of the latency histograms (and the seeds' dashboards' "latency by endpoint").
        api.MapGet("/events", StreamAllAsync).RequireAuthorization(ApiPolicies.Read).DisableHttpMetrics()
            .Produces(StatusCodes.Status200OK, contentType: ServerSentEvents.ContentType)
            .WithSummary("Events of every camera (camera.connected, frame.ingested, motion.detected, image.assembled, ...) as Server-Sent Events, or one JSON text message per event over a WebSocket.");
        api.MapGet("/cameras/{camera_id}/events", StreamCameraAsync).RequireAuthorization(ApiPolicies.Read).DisableHttpMetrics()
            .Produces(StatusCodes.Status200OK, contentType: ServerSentEvents.ContentType).ProducesProblems(400, 404)
            .WithSummary("Events of one camera, as Server-Sent Events or over a WebSocket.");
        return app;
    }

    private static Task StreamAllAsync(HttpContext context, [FromServices] CameraEventHub hub, [FromServices] IOptions<EventStreamOptions> options) =>
        StreamAsync(context, hub, options.Value, null);

    private static async Task<IResult> StreamCameraAsync(
        [FromRoute(Name = "camera_id")] string cameraId, HttpContext context, [AsParameters] GatewayServices services,
        [FromServices] CameraEventHub hub, [FromServices] IOptions<EventStreamOptions> options)
    {
        IdRules.ValidateCameraId(cameraId);
        if (await services.Grains.GetCamera(cameraId).GetInfo().ConfigureAwait(false) is null)
        {
            return CamerasApi.NotRegistered(cameraId);
        }
        await StreamAsync(context, hub, options.Value, cameraId).ConfigureAwait(false);
        return TypedResults.Empty;
    }

    private static async Task StreamAsync(HttpContext context, CameraEventHub hub, EventStreamOptions options, string? cameraId)
    {
        using var lifetime = new StreamLifetime(context);
        var cancellationToken = lifetime.Ends;
        using var listener = await hub.ListenAsync(cameraId, cancellationToken).ConfigureAwait(false);
        if (context.WebSockets.IsWebSocketRequest)
        {
            await WebSocketEvents.StreamAsync(context, listener, WhyEnded, cancellationToken).ConfigureAwait(false);
            return;
        }
        try
        {
            await ServerSentEvents.StreamAsync(context, listener, options.HeartbeatInterval, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left, the credentials expired, or the process stops: the stream ends normally.
        }

        WebSocketEvents.EndReason WhyEnded() =>
            lifetime.ServerStopping ? WebSocketEvents.EndReason.ServerStopping
            : lifetime.CredentialsExpired ? WebSocketEvents.EndReason.CredentialsExpired
            : WebSocketEvents.EndReason.ClientLeft;
    }
}
