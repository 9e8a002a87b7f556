using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Events;
using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>
/// <c>GET /api/cameras/{id}/stream/live.mjpeg</c>, the camera-ingest seed's live view: the camera's frames as they come,
/// as an MJPEG stream for a browser's <c>&lt;img&gt;</c> (with the UI's session cookie) or any client that sends a token.
/// </summary>
public static class LiveStreamApi
{
    private static readonly TimeSpan FastestPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SlowestPoll = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapLiveStreamApi(this IEndpointRouteBuilder app)
    {
        var media = app.MapMediaGroup("/api/cameras", "Cameras");
        // A stream lasts as long as its client watches: as a request duration it would only fill the +Inf bucket.
        media.MapGet("/{camera_id}/stream/live.mjpeg", StreamAsync).RequireAuthorization(ApiPolicies.Read).DisableHttpMetrics()
            .Produces(StatusCodes.Status200OK, contentType: MjpegStream.ContentType).ProducesProblems(400, 404)
            .WithSummary("The camera's live frames as an MJPEG stream (multipart/x-mixed-replace; each part has X-Frame-Sequence and X-Frame-Timestamp), for an <img>; it ends when the camera is deleted.");
        return app;
    }

    private static async Task<IResult> StreamAsync(
        [FromRoute(Name = "camera_id")] string cameraId, HttpContext context, [AsParameters] GatewayServices services, [FromServices] CameraEventHub hub)
    {
        IdRules.ValidateCameraId(cameraId);
        var camera = services.Grains.GetCamera(cameraId);
        if (await camera.GetInfo().ConfigureAwait(false) is not { } info)
        {
            return CamerasApi.NotRegistered(cameraId);
        }
        using var lifetime = new StreamLifetime(context);
        try
        {
            using var listener = await hub.ListenAsync(cameraId, lifetime.Ends, wakeOnly: true).ConfigureAwait(false);
            // Frame events wake the stream; the poll finds frames when the silos publish none (Ingest__PublishFrameEvents=false).
            var poll = TimeSpan.FromSeconds(Math.Clamp(1 / info.Fps, FastestPoll.TotalSeconds, SlowestPoll.TotalSeconds));
            await MjpegStream.WriteAsync(context.Response, camera, listener, poll, lifetime.Ends).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.Ends.IsCancellationRequested)
        {
            // The client left, the credentials expired, or the process stops: the stream ends.
        }
        return TypedResults.Empty;
    }
}
