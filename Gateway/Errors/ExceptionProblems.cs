using System.Text.Json;
using IngestionCluster.Gateway.Streaming;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Resilience;
using Microsoft.AspNetCore.Http;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// The table from exceptions to HTTP answers: the API's own refusals and the domain's grain exceptions (which
/// reach the gateway with their type) become 4xx; a store that is down, a silo failing over or a call that timed
/// out become 503 or 504 with <c>Retry-After</c>; anything else is a 500.
/// </summary>
internal static class ExceptionProblems
{
    /// <summary>What <c>Retry-After</c> says on 503 and 504: failover and a store restart take seconds.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>How Orleans' type resolver starts its refusal of an interface no known silo implements.</summary>
    internal const string NoImplementationYet = "Could not find an implementation for interface";

    public static MappedProblem Map(Exception exception) => exception switch
    {
        ApiProblemException e => new(e.StatusCode, e.Title, e.Message, e.RetryAfterSeconds),
        UnacceptedContentException e => new(e.StatusCode, e.Title, e.Message),
        BadHttpRequestException e => new(e.StatusCode, e.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ProblemTitles.PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType => ProblemTitles.UnsupportedMediaType,
            _ => ProblemTitles.BadRequest,
        }, e.Message),
        InvalidIdException e => new(StatusCodes.Status400BadRequest, "Invalid id", e.Message),
        CameraNotFoundException e => new(StatusCodes.Status404NotFound, ProblemTitles.NotFound, e.Message),
        ResourceNotFoundException e => new(StatusCodes.Status404NotFound, ProblemTitles.NotFound, e.Message),
        ResourceConflictException e => new(StatusCodes.Status409Conflict, ProblemTitles.Conflict, e.Message),
        InvalidFrameException e => new(StatusCodes.Status400BadRequest, "Invalid frame", e.Message),
        WrongSourceTypeException e => new(StatusCodes.Status400BadRequest, "Wrong source type", e.Message),
        FrameTooLargeException e => new(StatusCodes.Status413PayloadTooLarge, ProblemTitles.PayloadTooLarge, e.Message),
        JsonException e => new(StatusCodes.Status400BadRequest, "Invalid JSON", e.Message),
        // The cluster client has not yet learnt from any silo which grains exist: the cluster, not the request, is the problem.
        // Orleans says so only in this message (a plain ArgumentException); a test pins it against the Orleans in use.
        ArgumentException e when e.Message.StartsWith(NoImplementationYet, StringComparison.Ordinal) =>
            ClusterUnreachable,
        ArgumentException e => new(StatusCodes.Status400BadRequest, ProblemTitles.BadRequest, e.Message),
        // Before TimeoutException: a Redis timeout is one, and it means Redis, not the cluster, is slow.
        _ when StoreOutages.Recognize(exception) is { } outage =>
            RetryLater(StatusCodes.Status503ServiceUnavailable, ProblemTitles.ServiceUnavailable, $"{Capitalized(StoreOutages.Describe(outage.Store))} is not reachable right now; try again shortly."),
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException =>
            ClusterUnreachable,
        // A stale activation lost a state write during a failover; the next call reaches the current one.
        InconsistentStateException => RetryLater(StatusCodes.Status503ServiceUnavailable, ProblemTitles.ServiceUnavailable, "The cluster is moving this resource; try again shortly."),
        TimeoutException => RetryLater(StatusCodes.Status504GatewayTimeout, "Gateway timeout", "The cluster did not answer in time; try again."),
        BlobStoreException => new(StatusCodes.Status502BadGateway, "Bad gateway", "The blob store refused the operation."),
        _ => new(StatusCodes.Status500InternalServerError, "Internal server error", "An unexpected error occurred."),
    };

    private static readonly MappedProblem ClusterUnreachable =
        RetryLater(StatusCodes.Status503ServiceUnavailable, ProblemTitles.ServiceUnavailable, "The cluster is not reachable right now; try again shortly.");

    private static MappedProblem RetryLater(int status, string title, string detail) => new(status, title, detail, RetryAfterSeconds);

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
