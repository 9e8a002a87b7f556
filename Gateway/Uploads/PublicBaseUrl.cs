using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>The API's root URL as clients reach it, for URLs the gateway hands out: <c>Upload__PublicBaseUrl</c>, or the request's own.</summary>
internal static class PublicBaseUrl
{
    public static string Of(HttpRequest request, UploadOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.PublicBaseUrl.TrimEnd('/');
}
