using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Operator endpoints (role admin): dead letters, and re-processing an MQTT image.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/admin", "Admin");
        api.MapGet("/dead-letters", ListDeadLettersAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblems(400)
            .WithSummary("MQTT messages recorded as dead letters (bad JSON, inconsistent chunks, unknown cameras, …), newest first.");
        api.MapDelete("/images/{image_id}/processed", ForgetProcessedAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblems(400, 404, 409)
            .WithSummary("Forget that an MQTT image (by the image_id its chunks carry) was processed, and drop its staged chunks, so it can be sent again; delete_image=true deletes the stored image too.");
        return app;
    }

    private static async Task<Results<Ok<ReprocessResponse>, ProblemHttpResult>> ForgetProcessedAsync(
        [FromRoute(Name = "image_id")] string imageId, [FromQuery(Name = "camera_id")] string? cameraId, [FromQuery(Name = "delete_image")] bool? deleteImage,
        [AsParameters] GatewayServices services)
    {
        IdRules.ValidateClientId(imageId, "image id");
        if (cameraId is not null)
        {
            IdRules.ValidateCameraId(cameraId);
        }
        var result = await services.Grains.GetCatalog().ForgetProcessed(imageId, cameraId, deleteImage ?? false).ConfigureAwait(false);
        return result is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"No MQTT image with image_id '{imageId}' is known.")
            : TypedResults.Ok(new ReprocessResponse(imageId, result.WasProcessed, result.StagedChunksDropped, result.DeletedImageId, result.CameraId ?? cameraId));
    }

    private static async Task<Ok<DeadLetterListResponse>> ListDeadLettersAsync(
        [FromQuery] int? skip, [FromQuery] int? limit, [AsParameters] GatewayServices services)
    {
        var (s, l) = Paging.Validate(skip, limit, 100);
        var page = await services.Grains.GetDeadLetters().List(s, l).ConfigureAwait(false);
        return TypedResults.Ok(new DeadLetterListResponse(page.Total, s, l, page.Items));
    }
}
