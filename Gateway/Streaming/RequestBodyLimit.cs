using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>Raises (or lowers) Kestrel's request body limit (30 MB by default) for one large-body endpoint, before the body is read.</summary>
internal static class RequestBodyLimit
{
    public static void Set(HttpContext context, long? maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }
    }
}
