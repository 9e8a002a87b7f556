using IngestionCluster.ServiceDefaults.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.ServiceDefaults.Hosting;

/// <summary>
/// Takes the client's <c>X-Request-ID</c> (1–128 characters of <c>[A-Za-z0-9._:-]</c>) or makes one,
/// returns it on the response, makes it the request's <see cref="HttpContext.TraceIdentifier"/> (so
/// problem details carry it) and opens a logging scope <c>RequestId</c> around the rest of the pipeline,
/// so every log line of the request has it.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-ID";
    public const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[HeaderName].ToString();
        if (!IsAcceptable(requestId))
        {
            requestId = Guid.NewGuid().ToString("N");
        }
        context.TraceIdentifier = requestId;
        context.Response.Headers[HeaderName] = requestId;
        using (logger.BeginScope(new LogScope(new KeyValuePair<string, object?>("RequestId", requestId))))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    public static bool IsAcceptable(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':'))
            {
                return false;
            }
        }
        return true;
    }
}
