using System.Globalization;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Jobs;
using IngestionCluster.Storage.Blobs;
using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Apis;

/// <summary>What a client declared for a direct upload, checked: <see cref="ContentType"/> null takes any.</summary>
internal sealed record DirectUploadDeclaration(string Filename, string? ContentType, long SizeBytes, string? LogFormat);

/// <summary>A created (or, with its key, found) upload job and where to PUT the object; no URL when the job's has expired.</summary>
internal sealed record CreatedDirectUpload(UploadJobInfo Job, string? UploadUrl);

/// <summary>
/// Creating a direct-upload job, shared by <c>POST /api/v1/uploads</c> and the log-ingest seed's
/// <c>POST /ingest/files/init</c>: the job grain, the idempotency key and the URL to PUT to.
/// </summary>
internal static class DirectUploadCreation
{
    /// <summary>
    /// Less than this left, and a keyed attempt's URL counts as expired: S3 signs no URL that ends in the past, and one
    /// that ends within the second is of no use to anyone.
    /// </summary>
    private static readonly TimeSpan MinimumUrlTimeLeft = TimeSpan.FromSeconds(1);

    /// <param name="endpoint">Names the route for the idempotency key, so one key sent to two routes makes two jobs.</param>
    public static async Task<CreatedDirectUpload> CreateAsync(
        DirectUploadDeclaration declaration, string endpoint, string? idempotencyKey, HttpRequest request, GatewayServices services, UploadOptions limits,
        UploadUrlSigner signer)
    {
        var key = IdempotencyKeys.Validate(idempotencyKey);
        var jobId = IdempotencyKeys.JobIdFor(request.HttpContext.User, endpoint, key);
        var grain = services.Grains.GetUploadJob(jobId);
        var objectKey = BlobKey.From("jobs", jobId, "content");
        // Whole seconds: the gateway's own URLs carry the expiry as Unix seconds.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((services.Clock.GetUtcNow() + limits.UploadUrlLifetime).ToUnixTimeSeconds());
        var spec = new UploadJobSpec(declaration.Filename, declaration.ContentType, declaration.SizeBytes, objectKey.Value, expiresAt, declaration.LogFormat);
        UploadJobInfo job;
        try
        {
            job = await grain.Create(spec).ConfigureAwait(false);
        }
        catch (ResourceConflictException) when (key is not null)
        {
            // An attempt with this key created the job (its answer may never have reached the client): the same job,
            // whatever this attempt declared.
            job = await IdempotencyKeys.EarlierAttemptAsync(grain.GetInfo, jobId).ConfigureAwait(false);
        }
        if (job.UploadExpiresAt - services.Clock.GetUtcNow() < MinimumUrlTimeLeft)
        {
            return new CreatedDirectUpload(job, null);
        }
        var url = services.Blobs.CreateUploadUrl(BlobKey.Parse(job.ObjectKey), job.ContentType, job.UploadExpiresAt)?.Url.ToString()
            ?? OwnUploadUrl(request, limits, signer, jobId, job.UploadExpiresAt, job.ContentType);
        return new CreatedDirectUpload(job, url);
    }

    private static string OwnUploadUrl(HttpRequest request, UploadOptions limits, UploadUrlSigner signer, string jobId, DateTimeOffset expiresAt, string? contentType)
    {
        var baseUrl = PublicBaseUrl.Of(request, limits);
        var expires = expiresAt.ToUnixTimeSeconds();
        return $"{baseUrl}/api/v1/uploads/{jobId}/content?expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={signer.Sign(jobId, expires, contentType)}";
    }
}
