using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// The answer to a request its endpoint could not bind (a body that is not JSON or does not fit, an empty body, a query
/// value that does not parse). The detail names the field and what it takes, never .NET's types; the status is 400,
/// or 422 on the seeds' FastAPI routes (<see cref="FastApiBindingFailures"/>).
/// </summary>
public sealed class BindingFailures(IOptions<JsonOptions> jsonOptions)
{
    private const string UnreadableRequest = "The request does not fit this endpoint.";

    internal MappedProblem Map(HttpContext context, BadHttpRequestException exception)
    {
        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return ExceptionProblems.Map(exception);
        }
        // The exception handler middleware clears the request's endpoint before handlers run; its feature keeps it.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        if (Describe(exception, endpoint) is not { } detail)
        {
            // The server's own refusal of the request (a body cut short, a bad header), not a binding failure.
            return ExceptionProblems.Map(exception);
        }
        return endpoint?.Metadata.GetMetadata<FastApiBindingFailures>() is null
            ? new(StatusCodes.Status400BadRequest, ProblemTitles.BadRequest, detail)
            : new(StatusCodes.Status422UnprocessableEntity, ProblemTitles.UnprocessableEntity, detail);
    }

    private string? Describe(BadHttpRequestException exception, Endpoint? endpoint)
    {
        var options = jsonOptions.Value.SerializerOptions;
        var body = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        try
        {
            if (exception.InnerException is JsonException json)
            {
                return JsonBodyErrors.Describe(json, body, options);
            }
            return ParameterValueErrors.Describe(exception.Message, endpoint?.Metadata.GetMetadata<MethodInfo>(), options);
        }
        catch (Exception)
        {
            // A type the serializer cannot describe: an answer without the details, rather than none (a throw here is a bare 500).
            return UnreadableRequest;
        }
    }
}
