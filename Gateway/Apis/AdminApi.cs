using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Grains.Abstractions.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Operator endpoints (role admin): <c>GET /api/admin/dead-letters</c> lists the messages that could never succeed.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/admin", "Admin");
        api.MapGet("/dead-letters", ListDeadLettersAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblems(400)
            .WithSummary("MQTT messages recorded as dead letters (bad JSON, inconsistent chunks, unknown cameras, …), newest first.");
        return app;
    }

    private static async Task<Ok<DeadLetterListResponse>> ListDeadLettersAsync(
        [FromQuery] int? skip, [FromQuery] int? limit, [AsParameters] GatewayServices services)
    {
        var (s, l) = Paging.Validate(skip, limit, 100);
        var page = await services.Grains.GetDeadLetters().List(s, l).ConfigureAwait(false);
        return TypedResults.Ok(new DeadLetterListResponse(page.Total, s, l, page.Items));
    }
}
