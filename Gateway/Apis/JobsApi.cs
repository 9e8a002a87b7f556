using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Direct-upload jobs: completion, status and list: <c>/api/v1/jobs</c>.</summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/v1/jobs", "Jobs");
        api.MapPost("/{job_id}/complete", CompleteAsync).RequireAuthorization(ApiPolicies.Ingest).ProducesProblems(400, 404)
            .WithSummary("The upload is done: the job checks the object (exists, declared size), hashes it and completes, or fails with a reason.");
        api.MapGet("/{job_id}", GetAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400, 404);
        api.MapGet("/", ListAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400)
            .WithSummary("Jobs newest first, optionally in one status (created, queued, processing, completed, failed).");
        return app;
    }

    public static string JobPath(string jobId) => $"/api/v1/jobs/{jobId}";

    private static async Task<Accepted<UploadJobInfo>> CompleteAsync([FromRoute(Name = "job_id")] string jobId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateClientId(jobId, "job id");
        var job = await services.Grains.GetUploadJob(jobId).Complete().ConfigureAwait(false);
        return TypedResults.Accepted(JobPath(jobId), job);
    }

    private static async Task<Results<Ok<UploadJobInfo>, ProblemHttpResult>> GetAsync([FromRoute(Name = "job_id")] string jobId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateClientId(jobId, "job id");
        var job = await services.Grains.GetUploadJob(jobId).GetInfo().ConfigureAwait(false);
        return job is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"Job '{jobId}' does not exist.")
            : TypedResults.Ok(job);
    }

    private static async Task<Ok<JobListResponse>> ListAsync(
        [FromQuery] string? status, [FromQuery] int? skip, [FromQuery] int? limit, [AsParameters] GatewayServices services)
    {
        var (s, l) = Paging.Validate(skip, limit, 100);
        var page = await services.Grains.GetCatalog().ListJobs(ParseStatus(status), s, l).ConfigureAwait(false);
        return TypedResults.Ok(new JobListResponse(page.Total, s, l, page.Items));
    }

    private static UploadJobStatus? ParseStatus(string? status) =>
        JobStatusFilter.TryParse(status, StringComparison.Ordinal, out var parsed)
            ? parsed
            : throw ApiProblems.BadRequest($"status must be one of {string.Join(", ", JobStatusFilter.Names)}.");
}
