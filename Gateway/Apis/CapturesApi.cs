using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>MQTT images still arriving chunk by chunk: <c>/api/v1/captures</c> (each one's detail is <c>/api/v1/images/{image_id}/progress</c>).</summary>
public static class CapturesApi
{
    /// <summary>Each listed image asks its capture session for its progress: the list stays short.</summary>
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapCapturesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/v1/captures", "Images");
        api.MapGet("/", ListAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400)
            .WithSummary("Named MQTT images whose chunks are still arriving (status receiving), newest first, with received/total and the missing indices; optionally of one camera.");
        return app;
    }

    private static async Task<Ok<ReceivingImageListResponse>> ListAsync(
        [FromQuery(Name = "camera_id")] string? cameraId, [FromQuery] int? limit, [AsParameters] GatewayServices services)
    {
        var l = limit ?? 50;
        if (l is < 1 or > MaxLimit)
        {
            throw ApiProblems.BadRequest($"limit must be between 1 and {MaxLimit}.");
        }
        if (cameraId is not null)
        {
            IdRules.ValidateCameraId(cameraId);
        }
        var images = await services.Grains.GetCatalog().ListReceivingImages(cameraId, l).ConfigureAwait(false);
        return TypedResults.Ok(new ReceivingImageListResponse(images));
    }
}
