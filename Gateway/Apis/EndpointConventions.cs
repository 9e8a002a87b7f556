using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Conventions every API route group and endpoint shares.</summary>
internal static class EndpointConventions
{
    /// <summary>
    /// A route group of the API: tagged for the OpenAPI document, rate limited, its bodies limited (<see cref="ApiBodySizeLimit"/>), and
    /// answering 401/403/429/503/504 as problem details.
    /// </summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup(prefix, tag, ApiRateLimiting.PolicyName);

    /// <summary>A route group of image reads (frames, thumbnails): as <see cref="MapApiGroup"/>, under the media rate limit.</summary>
    public static RouteGroupBuilder MapMediaGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup(prefix, tag, ApiRateLimiting.MediaPolicyName);

    /// <summary>A route group of frame pushes: as <see cref="MapApiGroup"/>, under the frames rate limit (per user and camera).</summary>
    public static RouteGroupBuilder MapFramesGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup(prefix, tag, ApiRateLimiting.FramesPolicyName);

    private static RouteGroupBuilder MapGroup(this IEndpointRouteBuilder app, string prefix, string tag, string rateLimitPolicy) =>
        app.MapGroup(prefix)
            .WithTags(tag)
            .RequireRateLimiting(rateLimitPolicy)
            .WithMetadata(ApiBodySizeLimit.Of(app))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    /// <summary>A seed's FastAPI routes: a request they cannot bind is a 422, as FastAPI answered it (<see cref="FastApiBindingFailures"/>).</summary>
    public static TBuilder AnswersBindingFailuresWith422<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(FastApiBindingFailures.Instance);

    /// <summary>Documents the problem statuses an endpoint answers besides the group's.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.ProducesProblem(status);
        }
        return builder;
    }
}
