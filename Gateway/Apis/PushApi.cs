using System.Globalization;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Hosting;
using IngestionCluster.Gateway.Contracts;
using IngestionCluster.Gateway.Errors;
using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Gateway.Uploads;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.ServiceDefaults.Telemetry;
using IngestionCluster.Storage.Content;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IngestionCluster.Gateway.Apis;

/// <summary>
/// Frames pushed by cameras: <c>POST /api/ingest/push/{camera_id}</c> with multipart <c>frame_file</c> (and
/// an optional <c>timestamp</c> field, Unix seconds), or a raw <c>image/jpeg</c> body (optional
/// <c>?timestamp=</c>). The frame goes to the camera grain, which runs motion detection and buffering.
/// </summary>
public static class PushApi
{
    public const string FrameField = "frame_file";
    public const string TimestampField = "timestamp";

    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapFramesGroup("/api/ingest", "Cameras");
        api.MapPost($"/push/{{{CameraPushRequirement.RouteValue}}}", PushAsync).RequireAuthorization(ApiPolicies.Push)
            .WithMetadata(new DocumentedRequestBody(RequestBodies.Push)).ProducesProblems(400, 404, 413, 415)
            .WithSummary("Push a JPEG frame (multipart frame_file + timestamp, or a raw image/jpeg body).");
        return app;
    }

    private static async Task<Ok<PushResponse>> PushAsync(
        [FromRoute(Name = CameraPushRequirement.RouteValue)] string cameraId,
        [FromQuery(Name = TimestampField)] string? timestamp,
        HttpRequest request,
        [AsParameters] GatewayServices services,
        [FromServices] IOptions<UploadOptions> options,
        CancellationToken cancellationToken)
    {
        IdRules.ValidateCameraId(cameraId);
        var maxBytes = options.Value.MaxFrameSize;
        RequestBodyLimit.Set(request.HttpContext, maxBytes + 64 * 1024);
        var (jpeg, stamp) = await ReadFrameAsync(request, timestamp, maxBytes, cancellationToken).ConfigureAwait(false);
        var result = await services.Grains.GetCamera(cameraId).PushFrame(new FrameData(jpeg, stamp?.At)).ConfigureAwait(false);
        // A silo of an earlier version does not say the frame's time: the one pushed, or the arrival here.
        var frameTime = result.Timestamp ?? stamp?.At ?? services.Clock.GetUtcNow();
        // A pushed time is echoed as it was sent (the seed's clients compare it with theirs), not as stored.
        var echoed = stamp is { } pushed && frameTime == pushed.At ? pushed.Seconds : PushResponse.UnixSeconds(frameTime);
        return TypedResults.Ok(new PushResponse(
            result.Sequence, result.Motion, result.Area, result.Calibrating, result.ImageId, PushResponse.Ingested, echoed));
    }

    /// <summary>The frame and its timestamp; a frame refused for what it is (empty, too large, not a JPEG) is counted as the grains count theirs.</summary>
    private static async Task<(byte[] Jpeg, PushedTime? Timestamp)> ReadFrameAsync(HttpRequest request, string? timestamp, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            var (jpeg, stamp) = MultipartForm.IsMultipart(request)
                ? await ReadMultipartAsync(request, maxBytes, cancellationToken).ConfigureAwait(false)
                : (await ReadRawAsync(request, maxBytes, cancellationToken).ConfigureAwait(false), ParseTimestamp(timestamp));
            if (jpeg.Length == 0)
            {
                FrameRejections.Record(FrameRejections.Empty);
                throw ApiProblems.BadRequest("The frame is empty.");
            }
            if (ContentSniffer.Sniff(jpeg) != ContentSniffer.Jpeg)
            {
                throw ApiProblems.UnsupportedMediaType("The frame is not a JPEG image.");
            }
            return (jpeg, stamp);
        }
        catch (ApiProblemException problem) when (problem.StatusCode is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType)
        {
            FrameRejections.Record(problem.StatusCode == StatusCodes.Status413PayloadTooLarge ? FrameRejections.TooLarge : FrameRejections.NotJpeg);
            throw;
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's body limit, met first when a read takes more than the frame limit's margin at once.
            FrameRejections.Record(FrameRejections.TooLarge);
            throw;
        }
    }

    private static async Task<byte[]> ReadRawAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals(ContentSniffer.Jpeg, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblems.UnsupportedMediaType("Send the frame as image/jpeg, or as multipart/form-data with a frame_file part.");
        }
        if (request.ContentLength > maxBytes)
        {
            throw ApiProblems.PayloadTooLarge($"The frame is larger than the limit of {maxBytes} bytes.");
        }
        return await MultipartForm.ReadBytesAsync(request.Body, maxBytes, "The frame", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(byte[] Jpeg, PushedTime? Timestamp)> ReadMultipartAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var reader = MultipartForm.OpenReader(request);
        byte[]? jpeg = null;
        PushedTime? stamp = null;
        while (await MultipartForm.NextAsync(reader, cancellationToken).ConfigureAwait(false) is { } part)
        {
            switch (part.Name)
            {
                case FrameField when jpeg is not null:
                    throw ApiProblems.BadRequest("Send one frame_file per request.");
                case FrameField:
                    jpeg = await MultipartForm.ReadBytesAsync(part.Body, maxBytes, "The frame", cancellationToken).ConfigureAwait(false);
                    break;
                case TimestampField when !part.IsFile:
                    stamp = ParseTimestamp(await MultipartForm.ReadTextAsync(part, 64, cancellationToken).ConfigureAwait(false));
                    break;
                default:
                    await MultipartForm.SkipAsync(part, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        return (jpeg ?? throw ApiProblems.BadRequest("Field 'frame_file' is required."), stamp);
    }

    /// <summary>
    /// Unix seconds, fractional allowed (e.g. <c>1750000000.25</c>); empty, or 0 (which the camera-ingest seed's
    /// <c>timestamp or time.time()</c> read as "none"), means "now, on arrival".
    /// </summary>
    private static PushedTime? ParseTimestamp(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds < 0 || seconds > 253_402_300_799)
        {
            throw ApiProblems.BadRequest("timestamp must be Unix seconds (fractional allowed), e.g. 1750000000.25.");
        }
        return seconds == 0 ? null : new PushedTime(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)), seconds);
    }

    /// <summary>A frame's time as pushed: as kept (to the millisecond) and as sent.</summary>
    private readonly record struct PushedTime(DateTimeOffset At, double Seconds);
}
