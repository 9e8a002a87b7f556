using System.Globalization;
using IngestionCluster.ServiceDefaults.Logging;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// Turns every exception an endpoint throws into problem details (the table is <see cref="ExceptionProblems"/>; a request
/// that did not bind is described by <see cref="BindingFailures"/>):
/// 5xx answers carry no internals, the log line has them, with the request id; 503 and 504 carry <c>Retry-After</c>.
/// </summary>
public sealed class GatewayExceptionHandler(IProblemDetailsService problems, BindingFailures bindingFailures, ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
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
        var (status, title, detail, retryAfter) = exception is BadHttpRequestException badRequest
            ? bindingFailures.Map(httpContext, badRequest)
            : ExceptionProblems.Map(exception);
        if (retryAfter is not null)
        {
            // Expected while a store or a silo is down: one line per request, without the stack trace.
            logger.LogWarning("{Method} {Path} failed with {StatusCode}, retry after {RetryAfter} s: {ErrorType}: {Error}", httpContext.Request.Method,
                httpContext.Request.Path, status, retryAfter, exception.GetType().Name, exception.Message);
        }
        else if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "{Method} {Path} failed with {StatusCode}: {Error}", httpContext.Request.Method, httpContext.Request.Path, status, exception.Message);
        }
        else
        {
            // The detail may quote what the client sent: no line breaks of the client's in the log.
            logger.LogInformation("{Method} {Path} refused with {StatusCode}: {Error}", httpContext.Request.Method, httpContext.Request.Path, status, LogSafe.Text(detail, 2000));
        }
        if (retryAfter is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}
