using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// The <c>detail</c> of a problem the framework answers without one (a route that does not exist, a method or a
/// content type the endpoint does not take): every problem says what went wrong.
/// </summary>
internal static class StatusProblemDetails
{
    public static string For(HttpContext context, int status) => status switch
    {
        StatusCodes.Status404NotFound => $"There is nothing at {context.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Path} does not take {context.Request.Method}.",
        StatusCodes.Status415UnsupportedMediaType => string.IsNullOrEmpty(context.Request.ContentType)
            ? "The request has no Content-Type; send the body as application/json."
            : $"This endpoint does not take {context.Request.ContentType}; send the body as application/json.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
