using System.Security.Claims;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Image uploads, RTSP capture requests and their status: <c>/api/v1/ingest</c>.</summary>
public static class IngestApi
{
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/v1/ingest", "Ingest");
        api.MapPost("/upload", UploadAsync).RequireAuthorization(ApiPolicies.Ingest)
            .WithMetadata(new DocumentedRequestBody(RequestBodies.Upload)).ProducesProblems(400, 413, 415)
            .WithSummary("Upload images (multipart: camera_id, files, optional meta); they are streamed to the blob store.");
        api.MapPost("/rtsp", SubmitRtspCaptureAsync).RequireAuthorization(ApiPolicies.Ingest).ProducesProblems(400, 413, 415)
            .WithSummary("Request frames from an RTSP stream; the capture runs in the background.");
        api.MapGet("/requests", ListAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400)
            .WithSummary("Upload and capture requests newest first, optionally in one status (accepted, processing, completed, failed) and of one camera.");
        api.MapGet("/status/{request_id}", GetStatusAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400, 404)
            .WithSummary("Status of an upload or capture request, with its stored files or error.");
        return app;
    }

    public static string StatusPath(string requestId) => $"/api/v1/ingest/status/{requestId}";

    private static async Task<Created<IngestRequestResponse>> UploadAsync(
        HttpRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, [AsParameters] GatewayServices services,
        [FromServices] IOptions<UploadOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        RequestBodyLimit.Set(request.HttpContext, limits.MaxFileSize * limits.MaxBatchSize + limits.MaxMetaBytes + 1024 * 1024);
        var key = IdempotencyKeys.Validate(idempotencyKey);
        var requestId = IdempotencyKeys.RequestIdFor(request.HttpContext.User, "upload", key);
        var grain = services.Grains.GetIngestRequest(requestId);
        var logger = services.Logger(nameof(IngestApi));
        if (key is not null && await grain.GetStatus().ConfigureAwait(false) is { } earlier)
        {
            // An attempt with this key was recorded (its answer may never have reached the client): the same answer,
            // and this attempt's files are read and dropped.
            await request.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return await KeyedAnswerAsync(earlier, request, limits, services, logger, cancellationToken).ConfigureAwait(false);
        }
        var streamer = new BlobStreamer(services.Blobs, logger);
        ImageBatch batch;
        try
        {
            batch = await ImageBatchReader.ReadAsync(request, requestId, limits, streamer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await streamer.DeleteWrittenAsync().ConfigureAwait(false);
            throw;
        }
        IngestRequestInfo info;
        try
        {
            info = await grain.SubmitUpload(new UploadSubmission(batch.CameraId, batch.Meta, batch.Files, batch.Skipped)).ConfigureAwait(false);
        }
        catch (ResourceConflictException) when (key is not null)
        {
            // Another attempt with this key was recorded while this one streamed: its answer; these blobs are nobody's.
            await streamer.DeleteWrittenAsync().ConfigureAwait(false);
            info = await IdempotencyKeys.EarlierAttemptAsync(grain.GetStatus, requestId).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            // The request id is this request's own: any record under it is this upload's.
            var recorded = await FailedSubmission.SettleAsync(streamer, grain.GetStatus, _ => true, failure, logger).ConfigureAwait(false);
            if (recorded is null)
            {
                throw;
            }
            info = recorded;
        }
        return key is null
            ? Answer(info, request, limits)
            : await KeyedAnswerAsync(info, request, limits, services, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>201, as the TrackShift seed answered: the files are stored when the answer goes out.</summary>
    private static Created<IngestRequestResponse> Answer(IngestRequestInfo info, HttpRequest request, UploadOptions options) =>
        TypedResults.Created(StatusPath(info.RequestId), IngestRequestResponse.From(info, PublicBaseUrl.Of(request, options)));

    /// <summary>The answer to an attempt of a keyed upload, once its record is known: earlier attempts' unrecorded files go.</summary>
    private static async Task<Created<IngestRequestResponse>> KeyedAnswerAsync(
        IngestRequestInfo info, HttpRequest request, UploadOptions options, GatewayServices services, ILogger logger, CancellationToken cancellationToken)
    {
        await AttemptLeftovers.RemoveAsync(services.Blobs, ImageBatchReader.FolderFor(info.RequestId), info.Files.Select(file => file.ObjectKey), logger, cancellationToken)
            .ConfigureAwait(false);
        return Answer(info, request, options);
    }

    private static async Task<Accepted<RequestAcceptedResponse>> SubmitRtspCaptureAsync(
        ClaimsPrincipal user, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, [FromBody] RtspCaptureRequestBody body,
        [AsParameters] GatewayServices services, [FromServices] IOptions<CaptureRequestOptions> options, [FromServices] IOptions<UploadOptions> uploads)
    {
        var spec = RtspCaptureValidator.Validate(body, options.Value, uploads.Value.MetaLimit());
        var key = IdempotencyKeys.Validate(idempotencyKey);
        var requestId = IdempotencyKeys.RequestIdFor(user, "rtsp", key);
        var grain = services.Grains.GetIngestRequest(requestId);
        IngestRequestInfo info;
        try
        {
            info = await grain.SubmitRtspCapture(spec).ConfigureAwait(false);
        }
        catch (ResourceConflictException) when (key is not null)
        {
            // Accepted by an earlier attempt with this key: captured once, whatever this attempt asked.
            info = await IdempotencyKeys.EarlierAttemptAsync(grain.GetStatus, requestId).ConfigureAwait(false);
        }
        return TypedResults.Accepted(StatusPath(requestId), new RequestAcceptedResponse(info.RequestId, info.Status, StatusPath(requestId)));
    }

    private static async Task<Ok<IngestRequestListResponse>> ListAsync(
        [FromQuery] string? status, [FromQuery(Name = "camera_id")] string? cameraId, [FromQuery] int? skip, [FromQuery] int? limit,
        [AsParameters] GatewayServices services)
    {
        var (s, l) = Paging.Validate(skip, limit, 100);
        if (cameraId is not null)
        {
            IdRules.ValidateCameraId(cameraId);
        }
        var query = new IngestRequestListQuery(ParseStatus(status), cameraId, s, l);
        var page = await services.Grains.GetCatalog().ListIngestRequests(query).ConfigureAwait(false);
        return TypedResults.Ok(new IngestRequestListResponse(page.Total, s, l, page.Items));
    }

    private static IngestRequestStatus? ParseStatus(string? status) => status switch
    {
        null or "" => null,
        "accepted" => IngestRequestStatus.Accepted,
        "processing" => IngestRequestStatus.Processing,
        "completed" => IngestRequestStatus.Completed,
        "failed" => IngestRequestStatus.Failed,
        _ => throw ApiProblems.BadRequest("status must be one of accepted, processing, completed, failed."),
    };

    private static async Task<Results<Ok<IngestRequestResponse>, ProblemHttpResult>> GetStatusAsync(
        [FromRoute(Name = "request_id")] string requestId, HttpRequest request, [AsParameters] GatewayServices services, [FromServices] IOptions<UploadOptions> options)
    {
        IdRules.ValidateClientId(requestId, "request id");
        var info = await services.Grains.GetIngestRequest(requestId).GetStatus().ConfigureAwait(false);
        return info is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"Request '{requestId}' does not exist.")
            : TypedResults.Ok(IngestRequestResponse.From(info, PublicBaseUrl.Of(request, options.Value)));
    }
}
