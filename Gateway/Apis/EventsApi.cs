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
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

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
        // A stream never ends by itself: it must also end when the process stops, or it holds the shutdown
        // until the host's timeout and the silo leaves the cluster ungracefully. The client reconnects elsewhere.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        // Credentials are checked when the stream opens: it must not outlive them, or a token that expired would go
        // on receiving events. The client reconnects and is asked again.
        using var credentialsExpire = CredentialsExpiry(context);
        using var streamEnds = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping, credentialsExpire?.Token ?? CancellationToken.None);
        var cancellationToken = streamEnds.Token;
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
            stopping.IsCancellationRequested ? WebSocketEvents.EndReason.ServerStopping
            : credentialsExpire?.IsCancellationRequested == true ? WebSocketEvents.EndReason.CredentialsExpired
            : WebSocketEvents.EndReason.ClientLeft;
    }

    /// <summary>
    /// Cancelled when the caller's token stops being valid (its expiry plus the clock skew its validation allows);
    /// null without a token (auth off), or for one valid longer than a timer reaches (about 49 days).
    /// </summary>
    private static CancellationTokenSource? CredentialsExpiry(HttpContext context)
    {
        if (TokenExpiry.Of(context.User) is not { } expires)
        {
            return null;
        }
        var services = context.RequestServices;
        var clock = services.GetRequiredService<TimeProvider>();
        var left = expires + services.GetRequiredService<IOptions<AuthOptions>>().Value.ClockSkew - clock.GetUtcNow();
        return left > MaxTimerDelay ? null : new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock);
    }
}
