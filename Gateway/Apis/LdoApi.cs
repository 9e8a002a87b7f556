using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Gateway.Ids;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Grains.Abstractions.Catalog;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Ldos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Apis;

/// <summary>Labelled data objects for ML pipelines: <c>/ingest</c>.</summary>
public static class LdoApi
{
    public static IEndpointRouteBuilder MapLdoApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/ingest", "LDOs");
        api.MapPost("/ldo", IngestAsync).RequireAuthorization(ApiPolicies.Ingest)
            .WithMetadata(new DocumentedRequestBody(RequestBodies.Ldo)).ProducesProblems(400, 409, 413, 415)
            .WithSummary("Store an LDO: multipart metadata (JSON: ldo_id, sensor_data, context, prediction) and an optional video (streamed), in either order. Answered 200 {id, status, message, size_bytes}, as the LDO seed was. Attempts with one Idempotency-Key are one LDO.");
        api.MapGet("/list", ListAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400)
            .WithSummary("LDOs, newest first.");
        api.MapGet("/ldo/{ldo_id}", GetAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400, 404);
        // The LDO seed's status read: the same LDO, under the seed's path.
        api.MapGet("/status/{ldo_id}", GetAsync).RequireAuthorization(ApiPolicies.Read).ProducesProblems(400, 404)
            .WithSummary("The LDO seed's path of GET /ingest/ldo/{ldo_id}: the same answer.");
        api.MapDelete("/ldo/{ldo_id}", DeleteAsync).RequireAuthorization(ApiPolicies.Ingest).ProducesProblems(400, 404)
            .WithSummary("Delete the LDO: its video, its list row and the object (204).");
        // The LDO seed's delete, answered as the seed answered it.
        api.MapDelete("/{ldo_id}", DeleteAsSeedAsync).RequireAuthorization(ApiPolicies.Ingest).ProducesProblems(400, 404)
            .WithSummary("The LDO seed's path of DELETE /ingest/ldo/{ldo_id}: 200 {\"message\": \"LDO {id} deleted\"}.");
        return app;
    }

    private static async Task<NoContent> DeleteAsync([FromRoute(Name = "ldo_id")] string ldoId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateClientId(ldoId, "LDO id");
        await services.Grains.GetLdo(ldoId).Delete().ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MessageResponse>> DeleteAsSeedAsync([FromRoute(Name = "ldo_id")] string ldoId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateClientId(ldoId, "LDO id");
        await services.Grains.GetLdo(ldoId).Delete().ConfigureAwait(false);
        return TypedResults.Ok(new MessageResponse($"LDO {ldoId} deleted"));
    }

    private static async Task<Ok<LdoIngestedResponse>> IngestAsync(
        HttpRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, [AsParameters] GatewayServices services,
        [FromServices] IOptions<LdoOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var key = IdempotencyKeys.Validate(idempotencyKey);
        var attempt = IdempotencyKeys.AttemptKey(request.HttpContext.User, "ldo", key);
        RequestBodyLimit.Set(request.HttpContext, limits.MaxVideoSize + limits.MaxMetadataBytes + 1024 * 1024);
        var logger = services.Logger(nameof(LdoApi));
        var streamer = new BlobStreamer(services.Blobs, logger);
        (string LdoId, LdoSubmission Submission) read;
        var idWhenUnnamed = IdempotencyKeys.LdoIdFor(attempt);
        try
        {
            read = await LdoReader.ReadAsync(request, idWhenUnnamed, limits, streamer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await streamer.DeleteWrittenAsync().ConfigureAwait(false);
            throw;
        }
        var grain = services.Grains.GetLdo(read.LdoId);
        var submission = read.Submission with { AttemptKey = attempt };
        LdoInfo ldo;
        try
        {
            // Attempts with one key may name different ids: they meet in the key's grain, which answers the first LDO recorded.
            ldo = await (attempt is null ? grain.Ingest(submission) : services.Grains.GetLdoKey(attempt).Ingest(read.LdoId, submission)).ConfigureAwait(false);
            if (submission.Video is { } sent && ldo.Video?.ObjectKey != sent.ObjectKey)
            {
                // An earlier attempt with this key was recorded: its LDO is the answer, and this attempt's video is nobody's.
                await streamer.DeleteWrittenAsync().ConfigureAwait(false);
            }
        }
        catch (Exception failure) when (submission.Video is { } video)
        {
            // The LDO id may be taken by another LDO; the video's key, unique per request, tells this one apart.
            // Asked of the grain the call went to, so that the question waits for that call's turn to end.
            Func<Task<LdoInfo?>> recordedNow = attempt is null ? grain.GetInfo : () => services.Grains.GetLdoKey(attempt).GetRecorded(read.LdoId);
            var recorded = await FailedSubmission.SettleAsync(streamer, recordedNow, info => info.Video?.ObjectKey == video.ObjectKey, failure, logger)
                .ConfigureAwait(false);
            if (recorded is null)
            {
                throw;
            }
            ldo = recorded;
        }
        var idIsNew = attempt is null && read.LdoId == idWhenUnnamed;
        if (!idIsNew)
        {
            // An id other attempts can share (the client's own, or the key's): a video an earlier attempt left goes.
            await AttemptLeftovers.RemoveAsync(services.Blobs, LdoReader.FolderFor(ldo.Id), [ldo.Video?.ObjectKey], logger, cancellationToken).ConfigureAwait(false);
        }
        return StoredResponse(request.HttpContext.Response, ldo);
    }

    /// <summary>
    /// 200, as the LDO seed answered (its edge server counts any other status as a failed upload), with the seed's
    /// body; the Location header names the LDO all the same. A keyed attempt sent again gets the same answer.
    /// </summary>
    private static Ok<LdoIngestedResponse> StoredResponse(HttpResponse response, LdoInfo ldo)
    {
        response.Headers.Location = $"/ingest/ldo/{ldo.Id}";
        return TypedResults.Ok(new LdoIngestedResponse(ldo.Id, ldo.Status, LdoIngestedResponse.Ingested, ldo.SizeBytes));
    }

    private static async Task<Ok<LdoListResponse>> ListAsync([FromQuery] int? skip, [FromQuery] int? limit, [AsParameters] GatewayServices services)
    {
        var (s, l) = Paging.Validate(skip, limit, 100);
        var page = await services.Grains.GetCatalog().ListLdos(s, l).ConfigureAwait(false);
        return TypedResults.Ok(new LdoListResponse(page.Total, page.Items));
    }

    private static async Task<Results<Ok<LdoResponse>, ProblemHttpResult>> GetAsync([FromRoute(Name = "ldo_id")] string ldoId, [AsParameters] GatewayServices services)
    {
        IdRules.ValidateClientId(ldoId, "LDO id");
        var ldo = await services.Grains.GetLdo(ldoId).GetInfo().ConfigureAwait(false);
        return ldo is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"LDO '{ldoId}' does not exist.")
            : TypedResults.Ok(LdoResponse.From(ldo));
    }
}
