using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Storage.Blobs;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// The one place that maps exceptions to HTTP answers (problem details): the API's own refusals, grain
/// exceptions (which reach the gateway with their type and message) and runtime failures. 5xx answers
/// carry no internals; the log line has them, with the request id.
/// </summary>
public sealed class GatewayExceptionHandler(IProblemDetailsService problems, ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            logger.LogWarning(exception, "{Method} {Path} failed after the response started", httpContext.Request.Method, httpContext.Request.Path);
            return false;
        }
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer.
            logger.LogInformation("{Method} {Path} cancelled by the client", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.StatusCode = 499;
            return true;
        }
        var (status, title, detail) = Map(exception);
        if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "{Method} {Path} failed with {StatusCode}: {Error}", httpContext.Request.Method, httpContext.Request.Path, status, exception.Message);
        }
        else
        {
            logger.LogInformation("{Method} {Path} refused with {StatusCode}: {Error}", httpContext.Request.Method, httpContext.Request.Path, status, detail);
        }
        if (status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }

    private static (int Status, string Title, string Detail) Map(Exception exception) => exception switch
    {
        ApiProblemException e => (e.StatusCode, e.Title, e.Message),
        BadHttpRequestException e => (e.StatusCode, e.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "Payload too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
            _ => "Bad request",
        }, e.InnerException is JsonException json ? $"{e.Message} {json.Message}" : e.Message),
        InvalidIdException e => (StatusCodes.Status400BadRequest, "Invalid id", e.Message),
        CameraNotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message),
        ResourceNotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message),
        CameraConflictException e => (StatusCodes.Status409Conflict, "Conflict", e.Message),
        ResourceConflictException e => (StatusCodes.Status409Conflict, "Conflict", e.Message),
        InvalidFrameException e => (StatusCodes.Status400BadRequest, "Invalid frame", e.Message),
        JsonException e => (StatusCodes.Status400BadRequest, "Invalid JSON", e.Message),
        ArgumentException e => (StatusCodes.Status400BadRequest, "Bad request", e.Message),
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException =>
            (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The cluster is not reachable right now; try again shortly."),
        // A stale activation lost a state write during a failover; the next call reaches the current one.
        InconsistentStateException => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The cluster is moving this resource; try again shortly."),
        TimeoutException => (StatusCodes.Status504GatewayTimeout, "Gateway timeout", "The cluster did not answer in time; try again."),
        BlobStoreException { IsTransient: true } => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The blob store is not reachable right now; try again shortly."),
        BlobStoreException => (StatusCodes.Status502BadGateway, "Bad gateway", "The blob store refused the operation."),
        _ => (StatusCodes.Status500InternalServerError, "Internal server error", "An unexpected error occurred."),
    };
}
