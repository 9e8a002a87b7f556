using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Errors;

/// <summary>The refusals the API's own checks raise; the exception handler turns them into problem details.</summary>
public static class ApiProblems
{
    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, ProblemTitles.BadRequest, detail);

    public static ApiProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, ProblemTitles.NotFound, detail);

    public static ApiProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, ProblemTitles.Conflict, detail);

    public static ApiProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, ProblemTitles.Forbidden, detail);

    public static ApiProblemException PayloadTooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, ProblemTitles.PayloadTooLarge, detail);

    public static ApiProblemException UnsupportedMediaType(string detail) => new(StatusCodes.Status415UnsupportedMediaType, ProblemTitles.UnsupportedMediaType, detail);

    /// <summary>A body the seeds' FastAPI services refused as invalid (422): only their own routes answer it.</summary>
    public static ApiProblemException UnprocessableEntity(string detail) => new(StatusCodes.Status422UnprocessableEntity, ProblemTitles.UnprocessableEntity, detail);

    /// <summary>503 for a request that should succeed when sent again later, with <c>Retry-After</c>.</summary>
    public static ApiProblemException ServiceUnavailable(string detail, int retryAfterSeconds) =>
        new(StatusCodes.Status503ServiceUnavailable, ProblemTitles.ServiceUnavailable, detail, retryAfterSeconds);
}
