using System.Globalization;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Apis;

/// <summary>
/// Direct-to-storage uploads: <c>POST /api/v1/uploads</c> creates a job and returns where to PUT the
/// object — a presigned S3 URL, or (with the local store of standalone mode) the gateway's own signed URL
/// <c>PUT /api/v1/uploads/{job_id}/content</c>, which streams the body to the store.
/// </summary>
public static class UploadsApi
{
    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/v1/uploads", "Jobs");
        api.MapPost("/", CreateAsync).RequireAuthorization(ApiPolicies.Ingest).ProducesProblems(400, 409, 413, 415)
            .WithSummary("Create a direct upload: returns a URL to PUT the object to, then complete it with POST /api/v1/jobs/{job_id}/complete.");
        // Authorized by the URL's signature, like an S3 presigned URL: no bearer token.
        api.MapPut("/{job_id}/content", PutContentAsync).AllowAnonymous()
            .ProducesProblems(400, 403, 404, 409, 413)
            .WithSummary("The gateway's own upload URL (standalone mode): PUT the body with the declared Content-Type (any, when the job declared none).");
        return app;
    }

    private static async Task<Results<Created<CreateUploadResponse>, ProblemHttpResult>> CreateAsync(
        [FromBody] CreateUploadRequest body, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, HttpRequest request,
        [AsParameters] GatewayServices services, [FromServices] IOptions<UploadOptions> options, [FromServices] UploadUrlSigner signer)
    {
        var limits = options.Value;
        var fileName = FileNames.Validate(body.Filename);
        var contentType = DeclaredContentType.Validate(body.ContentType);
        if (body.SizeBytes is not { } size || size < 1)
        {
            throw ApiProblems.BadRequest("size_bytes is required and must be at least 1.");
        }
        if (size > limits.MaxDirectUploadSize)
        {
            throw ApiProblems.PayloadTooLarge($"size_bytes is larger than the limit of {limits.MaxDirectUploadSize} bytes (Upload__MaxDirectUploadSize).");
        }
        var declaration = new DirectUploadDeclaration(fileName, contentType, size, LogFormat: null);
        var created = await DirectUploadCreation.CreateAsync(declaration, "uploads", idempotencyKey, request, services, limits, signer).ConfigureAwait(false);
        var job = created.Job;
        return created.UploadUrl is { } url
            ? TypedResults.Created(JobsApi.JobPath(job.JobId), new CreateUploadResponse(job.JobId, job.Status, url, "PUT", job.ContentType, job.UploadExpiresAt))
            : UploadUrlExpired(job);
    }

    /// <summary>
    /// The answer to an attempt with the key of a job whose upload URL has expired. The job's expiry is part of it (it is
    /// given up a day later), so no later URL is signed: the job is named, and the client told to start a new upload.
    /// </summary>
    internal static ProblemHttpResult UploadUrlExpired(UploadJobInfo job)
    {
        var status = job.Status.ToString().ToLowerInvariant();
        // The problem's own "status" is the HTTP status: the job's goes under job_status.
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: ProblemTitles.Conflict,
            detail: $"Job '{job.JobId}', created by an earlier attempt with this {IdempotencyKeys.Header}, is {status}, and its upload URL expired at "
                + $"{job.UploadExpiresAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}: it is not handed out again. Read the job at "
                + $"{JobsApi.JobPath(job.JobId)}; to upload the object, create a new upload with a new {IdempotencyKeys.Header}.",
            extensions: new Dictionary<string, object?> { ["job_id"] = job.JobId, ["job_status"] = status, ["expires_at"] = job.UploadExpiresAt });
    }

    private static async Task<Ok<UploadedObjectResponse>> PutContentAsync(
        [FromRoute(Name = "job_id")] string jobId, [FromQuery] long? expires, [FromQuery] string? signature, HttpRequest request,
        [AsParameters] GatewayServices services, [FromServices] UploadUrlSigner signer, CancellationToken cancellationToken)
    {
        IdRules.ValidateClientId(jobId, "job id");
        var contentType = request.ContentType;
        if (expires is not { } expiresAt
            || !(signer.IsValid(jobId, expiresAt, contentType ?? string.Empty, signature) || signer.IsValid(jobId, expiresAt, null, signature)))
        {
            throw ApiProblems.Forbidden("The upload URL's signature does not match (wrong URL, or a Content-Type other than the declared one).");
        }
        if (services.Clock.GetUtcNow().ToUnixTimeSeconds() > expiresAt)
        {
            throw ApiProblems.Forbidden("The upload URL has expired.");
        }
        var job = await services.Grains.GetUploadJob(jobId).GetInfo().ConfigureAwait(false)
            ?? throw ApiProblems.NotFound($"Job '{jobId}' does not exist.");
        if (job.Status != UploadJobStatus.Created)
        {
            throw ApiProblems.Conflict($"Job '{jobId}' is {job.Status.ToString().ToLowerInvariant()}; uploads are only taken before completion.");
        }
        // The streamer holds the body to the declared size; the server's limit is only a backstop, with room for
        // what Kestrel counts of a chunked body beyond its data.
        RequestBodyLimit.Set(request.HttpContext, job.DeclaredSizeBytes + 64 * 1024);
        var streamer = new BlobStreamer(services.Blobs, services.Logger(nameof(UploadsApi)));
        var written = await streamer.StreamAsync(request.Body, job.DeclaredSizeBytes, "The upload", accept: null,
            _ => BlobKey.Parse(job.ObjectKey), contentTypeOverride: job.ContentType ?? StoredContentType(contentType), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new UploadedObjectResponse(jobId, written.Size, written.Sha256));
    }

    /// <summary>A job that declared no content type keeps the one its upload carried, when that is one.</summary>
    private static string StoredContentType(string? sent) => DeclaredContentType.IsValid(sent) ? sent! : "application/octet-stream";
}
