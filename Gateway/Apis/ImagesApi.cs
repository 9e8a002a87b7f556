using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Stored images: list, metadata and content (streamed from the blob store): <c>/api/v1/images</c>.</summary>
public static class ImagesApi
{
    public static IEndpointRouteBuilder MapImagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/v1/images", "Images");
        api.MapGet("/", ListAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400)
            .WithSummary("Images newest first; filter by camera_id and received time [from, to) (ISO 8601).");
        api.MapGet("/{image_id}", GetAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400, 404);
        api.MapGet("/{image_id}/content", GetContentAsync).RequireAuthorization(ApiPolicies.Read)
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg", additionalContentTypes: ["image/png", "image/bmp", "image/tiff", "image/gif", "image/webp", "application/octet-stream"])
            .ProducesProblems(400, 404)
            .WithSummary("The image's bytes with their content type.");
        api.MapGet("/{image_id}/progress", GetProgressAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400, 404)
            .WithSummary("How far an MQTT image has come (receiving, stored or stale), by the image_id its chunks carry; camera_id picks one when cameras share ids.");
        return app;
    }

    private static async Task<Ok<ImageListResponse>> ListAsync(
        [FromQuery(Name = "camera_id")] string? cameraId, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to,
        [FromQuery] int? skip, [FromQuery] int? limit, [AsParameters] GatewayServices services)
    {
        var (s, l) = Paging.Validate(skip, limit, 50);
        if (cameraId is not null)
        {
            IdRules.ValidateCameraId(cameraId);
        }
        if (from is not null && to is not null && from > to)
        {
            throw ApiProblems.BadRequest("from must not be after to.");
        }
        var page = await services.Grains.GetCatalog()
            .ListImages(new ImageListQuery(cameraId, from, to, s, l)).ConfigureAwait(false);
        return TypedResults.Ok(new ImageListResponse(page.Total, s, l, page.Items));
    }

    private static async Task<Results<Ok<ImageRecord>, ProblemHttpResult>> GetAsync([FromRoute(Name = "image_id")] string imageId, [AsParameters] GatewayServices services)
    {
        var image = await FindAsync(imageId, services).ConfigureAwait(false);
        return image is null ? NotFound(imageId) : TypedResults.Ok(image);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetContentAsync(
        [FromRoute(Name = "image_id")] string imageId, HttpResponse response, [AsParameters] GatewayServices services, CancellationToken cancellationToken)
    {
        var image = await FindAsync(imageId, services).ConfigureAwait(false);
        if (image is null)
        {
            return NotFound(imageId);
        }
        var blob = await services.Blobs.OpenReadAsync(BlobKey.Parse(image.ObjectKey), cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"The bytes of image '{imageId}' are gone from the blob store.");
        }
        response.ContentLength = blob.Length;
        return TypedResults.Stream(blob.Content, blob.ContentType, entityTag: new EntityTagHeaderValue($"\"{image.Sha256}\""));
    }

    private static async Task<Results<Ok<ImageProgress>, ProblemHttpResult>> GetProgressAsync(
        [FromRoute(Name = "image_id")] string imageId, [FromQuery(Name = "camera_id")] string? cameraId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateClientId(imageId, "image id");
        if (cameraId is not null)
        {
            IdRules.ValidateCameraId(cameraId);
        }
        var progress = await services.Grains.GetCatalog().GetImageProgress(imageId, cameraId).ConfigureAwait(false);
        return progress is null ? NotFound(imageId) : TypedResults.Ok(progress);
    }

    private static Task<ImageRecord?> FindAsync(string imageId, GatewayServices services)
    {
        IdRules.ValidateClientId(imageId, "image id");
        return services.Grains.GetCatalog().GetImage(imageId);
    }

    private static ProblemHttpResult NotFound(string imageId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"Image '{imageId}' does not exist.");
}
