using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Options;
using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>
/// The API's rate limit: a fixed window per JWT <c>sub</c>, per client IP for requests without a user (also when
/// authentication is off, where every caller is the same anonymous admin); frame pushes per user and camera.
/// 429 with Retry-After.
/// </summary>
internal static class ApiRateLimiting
{
    public const string PolicyName = "api";

    /// <summary>Image reads of the UI (buffered frames, thumbnails), with their own budget per user.</summary>
    public const string MediaPolicyName = "media";

    /// <summary>Frames pushed by cameras, with their own budget per user and camera.</summary>
    public const string FramesPolicyName = "frames";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddGatewaySettings<RateLimitOptions>(RateLimitOptions.SectionName);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PolicyName, context => Partition(context, PolicyName, settings => settings.PermitLimit));
            limiter.AddPolicy(MediaPolicyName, context => Partition(context, MediaPolicyName, settings => settings.MediaPermitLimit));
            limiter.AddPolicy(FramesPolicyName, context => Partition(context, FramesBudget(context), settings => settings.FramePermitLimit));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"The rate limit is reached; retry after {seconds} s.",
                    },
                }).ConfigureAwait(false);
            };
        });
        return services;
    }

    /// <param name="budget">What the budget is for: a policy, or a policy and a camera.</param>
    private static RateLimitPartition<string> Partition(HttpContext context, string budget, Func<RateLimitOptions, int> permits)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!settings.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }
        return RateLimitPartition.GetFixedWindowLimiter($"{budget}:{PartitionKey(context)}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(settings),
            Window = settings.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// A budget per camera for a caller with a token (a fleet pushes many cameras with one); an anonymous caller's
    /// made-up camera ids, or an id no camera can have, share one budget, so they cannot each open another.
    /// </summary>
    private static string FramesBudget(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true }
            && context.GetRouteValue(CameraPushRequirement.RouteValue) is string camera && IdRules.IsValidCameraId(camera)
            ? $"{FramesPolicyName}:{camera}"
            : FramesPolicyName;

    private static string PartitionKey(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: not DisabledAuthenticationHandler.SchemeName }
            && context.User.FindFirstValue(ApiClaims.Subject) is { Length: > 0 } subject
            ? $"sub:{subject}"
            : $"ip:{context.Connection.RemoteIpAddress}";
}
