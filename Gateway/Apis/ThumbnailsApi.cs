using System.Globalization;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Thumbnails;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Stored images scaled down on the server: <c>/api/v1/images/{id}/thumbnail</c>.</summary>
public static class ThumbnailsApi
{
    public static IEndpointRouteBuilder MapThumbnailsApi(this IEndpointRouteBuilder app)
    {
        var media = app.MapMediaGroup("/api/v1/images", "Images");
        media.MapGet("/{image_id}/thumbnail", GetAsync).RequireAuthorization(ApiPolicies.Read)
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg").Produces(StatusCodes.Status304NotModified).ProducesProblems(400, 404, 422)
            .WithSummary($"A JPEG image scaled to width pixels ({ThumbnailOptions.MinWidth}-{ThumbnailOptions.MaxWidth}, default {ThumbnailOptions.DefaultWidth}; never enlarged), with an ETag from the image's SHA-256.");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        [FromRoute(Name = "image_id")] string imageId, [FromQuery] int? width, HttpContext context, [AsParameters] GatewayServices services,
        [FromServices] ThumbnailCache cache, [FromServices] IOptions<ThumbnailOptions> options)
    {
        IdRules.ValidateClientId(imageId, "image id");
        var size = width ?? ThumbnailOptions.DefaultWidth;
        if (size is < ThumbnailOptions.MinWidth or > ThumbnailOptions.MaxWidth)
        {
            throw ApiProblems.BadRequest($"width must be between {ThumbnailOptions.MinWidth} and {ThumbnailOptions.MaxWidth}.");
        }
        if (await services.Grains.GetCatalog().GetImage(imageId).ConfigureAwait(false) is not { } image)
        {
            return ImageNotFound(imageId);
        }
        var caching = $"private, max-age={(long)options.Value.MaxAge.TotalSeconds}";
        if (context.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } match && match.Any(tag => tag.Compare(ETag(image.Sha256, size), useStrongComparison: false)))
        {
            SetCaching(context.Response, caching, image.Sha256, size);
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        if (!cache.TryGet(new ThumbnailKey(imageId, image.Sha256, size), out var thumbnail))
        {
            Thumbnail? rendered;
            try
            {
                rendered = await services.Grains.GetThumbnails().Render(imageId, size).ConfigureAwait(false);
            }
            catch (ThumbnailUnsupportedException e)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "No thumbnail", detail: e.Message);
            }
            if (rendered is null)
            {
                return ImageNotFound(imageId);
            }
            thumbnail = rendered;
            cache.Add(new ThumbnailKey(imageId, thumbnail.Sha256, size), thumbnail);
        }
        // The bytes scaled are those the ETag names, should the image have changed since its row was read.
        SetCaching(context.Response, caching, thumbnail.Sha256, size);
        return TypedResults.File(thumbnail.Jpeg, "image/jpeg");
    }

    private static void SetCaching(HttpResponse response, string caching, string sha256, int width)
    {
        response.Headers.CacheControl = caching;
        response.Headers.ETag = ETag(sha256, width).ToString();
    }

    private static EntityTagHeaderValue ETag(string sha256, int width) =>
        new($"\"{sha256}-w{width.ToString(CultureInfo.InvariantCulture)}\"");

    private static ProblemHttpResult ImageNotFound(string imageId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"Image '{imageId}' (or its bytes) does not exist.");
}
