using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// Writes problem details as <c>application/problem+json</c> whatever the request's <c>Accept</c> says. ASP.NET Core's
/// own writer declines when <c>Accept</c> leaves out JSON (a browser's EventSource sends <c>text/event-stream</c>,
/// a frame request <c>image/jpeg</c>), and a refusal (401, 403, 429, any 4xx) then became an empty 500. Registered after
/// that writer, so it only answers what that one declines.
/// </summary>
internal sealed class AnyAcceptProblemDetailsWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        // By its own type, so that a subclass (validation problems) keeps its members.
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), jsonOptions.Value.SerializerOptions, ContentType,
            context.HttpContext.RequestAborted));
    }
}
