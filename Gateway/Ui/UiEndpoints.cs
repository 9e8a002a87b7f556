using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Gateway.Ui;

/// <summary>
/// The operator UI at <c>/ui/</c> (and <c>/</c> redirecting there): plain HTML, CSS and ES modules served from
/// this assembly, no CDN. Paths under <c>assets/</c> are files; any other path is a page of the UI, answered
/// with <c>index.html</c>, whose scripts route on the URL. The files are public; the data they show comes from
/// the API, which checks the caller's token or session cookie.
/// </summary>
public static class UiEndpoints
{
    public const string BasePath = "/ui/";

    /// <summary>Everything the UI loads comes from this origin; nothing may frame it.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapOperatorUi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Redirect(BasePath)).ExcludeFromDescription();
        app.MapGet("/ui/{**path}", Serve).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string? path, HttpContext context)
    {
        // Routing ignores a trailing slash: "/ui" lands here too, and goes to "/ui/".
        if (!context.Request.Path.Value!.EndsWith('/') && string.IsNullOrEmpty(path))
        {
            return TypedResults.Redirect(BasePath);
        }
        var assets = context.RequestServices.GetRequiredService<UiAssets>();
        var asset = string.IsNullOrEmpty(path) ? assets.Index : assets.Find(path);
        if (asset is null)
        {
            if (path!.StartsWith("assets/", StringComparison.Ordinal))
            {
                return TypedResults.NotFound();
            }
            asset = assets.Index;
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated on every load (a 304 when unchanged), so a new version is picked up at once.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
