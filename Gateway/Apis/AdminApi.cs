using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Runtime.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Operator endpoints (role admin): <c>GET /api/admin/dead-letters</c> shows the grain calls the cluster gave up on.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/admin", "Admin");
        api.MapGet("/dead-letters", ListDeadLettersAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblems(400)
            .WithSummary("Grain calls in the dead-letter queue (delivery limit reached or not runnable), oldest first; the queue is not changed.");
        return app;
    }

    private static async Task<Ok<DeadLetterListResponse>> ListDeadLettersAsync(
        [FromQuery] int? limit, [FromServices] IDeadLetterReader deadLetters, CancellationToken cancellationToken)
    {
        var (_, max) = Paging.Validate(null, limit, 100);
        var letters = await deadLetters.ListDeadLettersAsync(max, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new DeadLetterListResponse(letters.Count, max, letters));
    }
}
