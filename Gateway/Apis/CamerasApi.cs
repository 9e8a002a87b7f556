using System.Globalization;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Camera registration and the latest frame: <c>/api/cameras</c>.</summary>
public static class CamerasApi
{
    public const string FrameTimestampHeader = "X-Frame-Timestamp";
    public const string FrameSequenceHeader = "X-Frame-Sequence";

    public static IEndpointRouteBuilder MapCamerasApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/cameras", "Cameras");
        api.MapPost("/", CreateAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblems(400, 415)
            .WithSummary("Register a camera (201); registering it again replaces its settings whole (200; the same registration is a no-op).");
        api.MapGet("/", ListAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400)
            .WithSummary("Registered cameras, in id order.");
        api.MapGet("/{camera_id}", GetAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400, 404);
        api.MapPatch("/{camera_id}", UpdateAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblems(400, 404, 415)
            .WithSummary("Change a camera's settings; fields left out stay as they are.");
        api.MapDelete("/{camera_id}", DeleteAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblems(400, 404);
        // A frame read: under the media budget, as a dashboard polling its cameras' latest frames is.
        var media = app.MapMediaGroup("/api/cameras", "Cameras");
        media.MapGet("/{camera_id}/frame/latest", GetLatestFrameAsync).RequireAuthorization(ApiPolicies.Read)
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesProblems(400, 404)
            .WithSummary("The camera's latest frame (JPEG) with X-Frame-Timestamp (Unix seconds) and X-Frame-Sequence.");
        return app;
    }

    public static string CameraPath(string cameraId) => $"/api/cameras/{cameraId}";

    private static async Task<Results<Created<CameraInfo>, Ok<CameraInfo>>> CreateAsync([FromBody] CreateCameraRequest body, [AsParameters] GatewayServices services)
    {
        var cameraId = IdRules.ValidateCameraId(body.Id);
        if (body.SourceType is not { } sourceType)
        {
            throw ApiProblems.BadRequest("source_type is required: \"http_push\", \"rtsp\", \"mjpeg\" or \"mqtt\".");
        }
        var registration = new CameraRegistration(
            sourceType,
            body.SourceUrl,
            body.Fps ?? CameraRegistration.DefaultFps,
            body.BufferSize ?? CameraRegistration.DefaultBufferSize,
            body.Motion,
            body.Persist);
        if (registration.Problem() is { } problem)
        {
            throw ApiProblems.BadRequest(problem);
        }
        var camera = services.Grains.GetCamera(cameraId);
        var existed = await camera.GetInfo().ConfigureAwait(false) is not null;
        var info = await camera.Register(registration).ConfigureAwait(false);
        return existed ? TypedResults.Ok(info) : TypedResults.Created(CameraPath(cameraId), info);
    }

    private static async Task<Ok<CameraListResponse>> ListAsync([FromQuery] int? skip, [FromQuery] int? limit, [AsParameters] GatewayServices services)
    {
        var (s, l) = Paging.Validate(skip, limit, 100);
        var page = await services.Grains.GetCatalog().ListCameraIds(s, l).ConfigureAwait(false);
        var infos = await Task.WhenAll(page.Items.Select(id => services.Grains.GetCamera(id).GetInfo())).ConfigureAwait(false);
        // A camera deleted between the two reads is left out.
        return TypedResults.Ok(new CameraListResponse(page.Total, s, l, [.. infos.OfType<CameraInfo>()]));
    }

    private static async Task<Results<Ok<CameraInfo>, ProblemHttpResult>> GetAsync([FromRoute(Name = "camera_id")] string cameraId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateCameraId(cameraId);
        var info = await services.Grains.GetCamera(cameraId).GetInfo().ConfigureAwait(false);
        return info is null ? NotRegistered(cameraId) : TypedResults.Ok(info);
    }

    private static async Task<Ok<CameraInfo>> UpdateAsync(
        [FromRoute(Name = "camera_id")] string cameraId, [FromBody] CameraSettingsPatch patch, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateCameraId(cameraId);
        return TypedResults.Ok(await services.Grains.GetCamera(cameraId).Update(patch).ConfigureAwait(false));
    }

    private static async Task<NoContent> DeleteAsync([FromRoute(Name = "camera_id")] string cameraId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateCameraId(cameraId);
        await services.Grains.GetCamera(cameraId).Unregister().ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetLatestFrameAsync(
        [FromRoute(Name = "camera_id")] string cameraId, HttpResponse response, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateCameraId(cameraId);
        var camera = services.Grains.GetCamera(cameraId);
        var frame = await camera.GetLatestFrame().ConfigureAwait(false);
        if (frame is null)
        {
            return await camera.GetInfo().ConfigureAwait(false) is null
                ? NotRegistered(cameraId)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"Camera '{cameraId}' has no frame yet.");
        }
        response.Headers[FrameTimestampHeader] = (frame.Timestamp.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        response.Headers[FrameSequenceHeader] = frame.Sequence.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        return TypedResults.File(frame.Jpeg, "image/jpeg");
    }

    internal static ProblemHttpResult NotRegistered(string cameraId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"Camera '{cameraId}' is not registered.");
}
