using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>
/// A body sent without a <c>Content-Type</c> to an endpoint that takes JSON is read as JSON, as FastAPI (which
/// the seed services ran on) did: Python's <c>requests.post(url, data=json.dumps(payload))</c> and
/// <c>httpx.post(url, content=…)</c> send none. Only a request with no <c>Content-Type</c> at all and a body is
/// changed, and only when its endpoint accepts <c>application/json</c>: a wrong content type stays a 415, and the
/// endpoints that read multipart or raw JPEG bodies themselves (they declare no accepted types) see the request as sent.
/// </summary>
public static class UntypedJsonBody
{
    public static IApplicationBuilder UseUntypedJsonBody(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.ContentType) && HasBody(context) && AcceptsJson(context.GetEndpoint()))
        {
            request.ContentType = "application/json";
        }
        return next(context);
    });

    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is not 0 && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    private static bool AcceptsJson(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts
        && accepts.ContentTypes.Any(type => type.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
