using System.Globalization;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>A camera's ring buffer and recent motion: <c>/api/cameras/{id}/frames</c> and <c>/api/cameras/{id}/motion</c>.</summary>
public static class CameraFramesApi
{
    public static IEndpointRouteBuilder MapCameraFramesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/cameras", "Cameras");
        api.MapGet("/{camera_id}/frames", ListAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400, 404)
            .WithSummary("Sequences and timestamps of the frames in the camera's ring buffer, oldest first.");
        api.MapGet("/{camera_id}/motion", GetMotionAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400, 404)
            .WithSummary("Frames and motion per minute over the last hour (kept in memory by the camera's activation since tracked_since).");
        var media = app.MapMediaGroup("/api/cameras", "Cameras");
        media.MapGet("/{camera_id}/frames/{sequence:long}", GetFrameAsync).RequireAuthorization(ApiPolicies.Read)
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesProblems(400, 404)
            .WithSummary("One buffered frame (JPEG). A sequence is never reused, so the answer may be cached for good.");
        return app;
    }

    private static async Task<Results<Ok<BufferedFrameListResponse>, ProblemHttpResult>> ListAsync(
        [FromRoute(Name = "camera_id")] string cameraId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateCameraId(cameraId);
        var camera = services.Grains.GetCamera(cameraId);
        if (await camera.GetInfo().ConfigureAwait(false) is not { } info)
        {
            return CamerasApi.NotRegistered(cameraId);
        }
        var frames = await camera.GetBufferedFrames().ConfigureAwait(false);
        return TypedResults.Ok(new BufferedFrameListResponse(cameraId, info.BufferSize, frames));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetFrameAsync(
        [FromRoute(Name = "camera_id")] string cameraId, [FromRoute] long sequence, HttpResponse response, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateCameraId(cameraId);
        var camera = services.Grains.GetCamera(cameraId);
        if (await camera.GetBufferedFrame(sequence).ConfigureAwait(false) is not { } frame)
        {
            return await camera.GetInfo().ConfigureAwait(false) is null
                ? CamerasApi.NotRegistered(cameraId)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound,
                    detail: $"Frame {sequence} of camera '{cameraId}' is not in its ring buffer (any more).");
        }
        response.Headers[CamerasApi.FrameTimestampHeader] = (frame.Timestamp.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        response.Headers[CamerasApi.FrameSequenceHeader] = frame.Sequence.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "private, max-age=31536000, immutable";
        return TypedResults.File(frame.Jpeg, "image/jpeg");
    }

    private static async Task<Results<Ok<MotionTimeline>, ProblemHttpResult>> GetMotionAsync(
        [FromRoute(Name = "camera_id")] string cameraId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateCameraId(cameraId);
        var camera = services.Grains.GetCamera(cameraId);
        return await camera.GetInfo().ConfigureAwait(false) is null
            ? CamerasApi.NotRegistered(cameraId)
            : TypedResults.Ok(await camera.GetMotionTimeline().ConfigureAwait(false));
    }
}
