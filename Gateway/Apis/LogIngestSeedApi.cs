using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.ServiceDefaults.Logging;
using IngestionCluster.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Apis;

/// <summary>
/// The log-ingest seed's routes, on this product's direct-upload jobs: <c>POST /ingest/files/init</c>,
/// <c>POST /ingest/files/complete</c>, <c>GET /jobs</c> and <c>GET /jobs/{job_id}</c>, with the seed's bodies
/// and statuses (201, 200, 422 for an invalid body, 503 when the file was not uploaded before completion).
/// </summary>
public static class LogIngestSeedApi
{
    private const string Tag = "Log-ingest seed";

    /// <summary>The seed's own limit on a declared size.</summary>
    public const long MaxSeedFileSize = 100L * 1024 * 1024;

    public static IEndpointRouteBuilder MapLogIngestSeedApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapApiGroup("/ingest/files", Tag).AnswersBindingFailuresWith422();
        files.MapPost("/init", InitAsync).RequireAuthorization(ApiPolicies.Ingest).ProducesProblems(400, 409, 413, 415, 422)
            .WithSummary("The log-ingest seed's upload start: a job and a URL to PUT the file to (any Content-Type).");
        files.MapPost("/complete", CompleteAsync).RequireAuthorization(ApiPolicies.Ingest).ProducesProblems(400, 404, 415, 422)
            .WithSummary("The log-ingest seed's upload end: the file must be there (503 if not); the job is queued and checked.");
        var jobs = app.MapApiGroup("/jobs", Tag).AnswersBindingFailuresWith422();
        jobs.MapGet("/{job_id}", GetAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(404);
        jobs.MapGet("/", ListAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(422)
            .WithSummary("The log-ingest seed's job list: a bare array, newest first, filtered by status and job_type, paged by limit and offset.");
        return app;
    }

    private static async Task<Results<Created<InitFileUploadResponse>, ProblemHttpResult>> InitAsync(
        [FromBody] InitFileUploadRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, HttpRequest request,
        [AsParameters] GatewayServices services, [FromServices] IOptions<UploadOptions> options, [FromServices] UploadUrlSigner signer)
    {
        var limits = options.Value;
        var fileName = Unprocessable(() => FileNames.Validate(body.Filename));
        if (body.Size is not { } size || size < 1 || size > MaxSeedFileSize)
        {
            throw ApiProblems.UnprocessableEntity($"size is required: the file's size in bytes, from 1 to {MaxSeedFileSize}.");
        }
        if (size > limits.MaxDirectUploadSize)
        {
            throw ApiProblems.PayloadTooLarge($"size is larger than the limit of {limits.MaxDirectUploadSize} bytes (Upload__MaxDirectUploadSize).");
        }
        var logFormat = body.LogFormat is null ? LogFormats.All[0] : LogFormats.Normalize(body.LogFormat)
            ?? throw ApiProblems.UnprocessableEntity($"log_format must be one of {string.Join(", ", LogFormats.All)}.");
        var declaration = new DirectUploadDeclaration(fileName, ContentType: null, size, logFormat);
        var created = await DirectUploadCreation.CreateAsync(declaration, "log-ingest", idempotencyKey, request, services, limits, signer).ConfigureAwait(false);
        var job = created.Job;
        if (created.UploadUrl is not { } url)
        {
            return UploadsApi.UploadUrlExpired(job);
        }
        var expiresIn = (long)Math.Max(0, (job.UploadExpiresAt - services.Clock.GetUtcNow()).TotalSeconds);
        return TypedResults.Created(JobPath(job.JobId), new InitFileUploadResponse(job.JobId, url, expiresIn, job.UploadExpiresAt, "PUT"));
    }

    private static async Task<Ok<FileUploadQueuedResponse>> CompleteAsync([FromBody] CompleteFileUploadRequest body, [AsParameters] GatewayServices services)
    {
        if (string.IsNullOrWhiteSpace(body.JobId))
        {
            throw ApiProblems.UnprocessableEntity("job_id is required.");
        }
        var grain = GrainOf(services, body.JobId);
        var job = await grain.GetInfo().ConfigureAwait(false) ?? throw JobNotFound(body.JobId);
        if (job.Status == UploadJobStatus.Failed)
        {
            throw ApiProblems.BadRequest($"Job '{job.JobId}' is in state {SeedJobResponse.StatusName(job.Status)}: {job.Error}");
        }
        // As the seed did: a completion before the file is there is refused, and the job waits for the upload, instead
        // of failing it (this product's own route queues the job and fails it then).
        if (job.Status == UploadJobStatus.Created && !await services.Blobs.ExistsAsync(BlobKey.Parse(job.ObjectKey)).ConfigureAwait(false))
        {
            throw ApiProblems.ServiceUnavailable(
                $"Storage: the file of job '{job.JobId}' was not found in storage; PUT it to the job's presigned_url, then complete the job.", retryAfterSeconds: 2);
        }
        job = await grain.Complete().ConfigureAwait(false);
        return TypedResults.Ok(new FileUploadQueuedResponse("Job queued successfully", job.JobId, SeedJobResponse.StatusName(job.Status)));
    }

    private static async Task<Ok<SeedJobResponse>> GetAsync([FromRoute(Name = "job_id")] string jobId, [AsParameters] GatewayServices services)
    {
        var job = await GrainOf(services, jobId).GetInfo().ConfigureAwait(false) ?? throw JobNotFound(jobId);
        return TypedResults.Ok(SeedJobResponse.From(job));
    }

    private static async Task<Ok<IReadOnlyList<SeedJobResponse>>> ListAsync(
        [FromQuery] string? status, [FromQuery(Name = "job_type")] string? jobType, [FromQuery] int? limit, [FromQuery] int? offset,
        [AsParameters] GatewayServices services)
    {
        var (skip, take) = Unprocessable(() => Paging.Validate(offset, limit, 100));
        var statusFilter = ParseStatus(status);
        if (!string.IsNullOrEmpty(jobType) && !jobType.Equals(SeedJobResponse.FileUploadType, StringComparison.OrdinalIgnoreCase))
        {
            // Every job here is a file upload: any other type has none.
            return TypedResults.Ok<IReadOnlyList<SeedJobResponse>>([]);
        }
        var page = await services.Grains.GetCatalog().ListJobs(statusFilter, skip, take).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<SeedJobResponse>>(page.Items.Select(SeedJobResponse.From).ToList());
    }

    private static string JobPath(string jobId) => $"/jobs/{jobId}";

    /// <summary>The seed's upper-case names (<c>QUEUED</c>), in any case.</summary>
    private static UploadJobStatus? ParseStatus(string? status) =>
        JobStatusFilter.TryParse(status, StringComparison.OrdinalIgnoreCase, out var parsed)
            ? parsed
            : throw ApiProblems.UnprocessableEntity($"status must be one of {string.Join(", ", JobStatusFilter.Names.Select(name => name.ToUpperInvariant()))}.");

    /// <summary>The job's grain; an id that breaks the id rules names no job (the seed answered 404 for it).</summary>
    private static IUploadJobGrain GrainOf(GatewayServices services, string jobId)
    {
        try
        {
            IdRules.ValidateClientId(jobId, "job id");
        }
        catch (ArgumentException)
        {
            throw JobNotFound(jobId);
        }
        return services.Grains.GetUploadJob(jobId);
    }

    private static ApiProblemException JobNotFound(string jobId) => ApiProblems.NotFound($"Job not found: '{LogSafe.Text(jobId, 100)}'.");

    /// <summary>The product's 400 for a field the seed validated as FastAPI does, answering 422.</summary>
    private static T Unprocessable<T>(Func<T> validate)
    {
        try
        {
            return validate();
        }
        catch (ApiProblemException e) when (e.StatusCode == StatusCodes.Status400BadRequest)
        {
            throw ApiProblems.UnprocessableEntity(e.Message);
        }
    }
}
