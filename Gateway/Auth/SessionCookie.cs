using Microsoft.AspNetCore.Http;

namespace IngestionCluster.Gateway.Auth;

/// <summary>
/// The operator UI's session: the bearer token a user pasted, kept by the browser in an HttpOnly,
/// SameSite=Strict cookie (scripts cannot read it, other sites' pages do not send it), so that images,
/// EventSource streams and the /dashboard link authenticate without a token in any URL. JwtBearer reads it
/// only when a request has no Authorization header, and then only from the UI's own origin:
/// <list type="bullet">
/// <item>a <c>Sec-Fetch-Site</c> header, when the browser sends one, must say <c>same-origin</c> or <c>none</c>
/// (a typed URL or bookmark): SameSite alone lets pages of another port of the same host send the cookie;</item>
/// <item>a request that changes something (not GET, HEAD or OPTIONS) must carry <see cref="CsrfHeader"/>, which a
/// page of another origin cannot add without a CORS preflight, and the gateway's CORS policy never allows credentials;</item>
/// <item>a WebSocket handshake must come with the gateway's own <c>Origin</c>.</item>
/// </list>
/// </summary>
public static class SessionCookie
{
    public const string Name = "ingestion_session";

    /// <summary>The header the UI adds to every call; cookie-authenticated changes without it are refused.</summary>
    public const string CsrfHeader = "X-Requested-With";

    /// <summary>Marks a request that was authenticated by the cookie (for <c>GET /api/session</c>).</summary>
    public const string UsedItemKey = "ingestion.auth.session-cookie";

    public const string CrossSiteRefusal = "The session cookie is only accepted from the UI's own origin (Sec-Fetch-Site).";

    public const string CrossOriginWebSocketRefusal = "The session cookie opens a WebSocket only from the UI's own origin (Origin).";

    public const string MissingCsrfHeaderRefusal = "A change authenticated by the session cookie must carry the X-Requested-With header.";

    /// <summary>The token in the request's cookie, or null; <paramref name="refusal"/> says why a present cookie may not be used.</summary>
    public static string? Read(HttpRequest request, out string? refusal)
    {
        refusal = null;
        if (!request.Cookies.TryGetValue(Name, out var token) || string.IsNullOrEmpty(token))
        {
            return null;
        }
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            refusal = CrossSiteRefusal;
        }
        else if (!IsSafe(request.Method) && string.IsNullOrEmpty(request.Headers[CsrfHeader].ToString()))
        {
            refusal = MissingCsrfHeaderRefusal;
        }
        else if (IsWebSocketHandshake(request) && !FromOwnOrigin(request))
        {
            // No CORS guards a WebSocket: a page of another port or subdomain of the same site would get the cookie and
            // read the socket, in a browser that sends no Sec-Fetch-Site. Browsers always send Origin on a handshake.
            refusal = CrossOriginWebSocketRefusal;
        }
        return token;
    }

    private static bool IsWebSocketHandshake(HttpRequest request) => request.Headers.ContainsKey("Sec-WebSocket-Key");

    private static bool FromOwnOrigin(HttpRequest request) =>
        string.Equals(request.Headers.Origin.ToString(), $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stores <paramref name="token"/> until <paramref name="expires"/> (the token's own expiry).</summary>
    public static void Write(HttpResponse response, string token, DateTimeOffset expires) =>
        response.Cookies.Append(Name, token, Options(response.HttpContext.Request, expires));

    public static void Delete(HttpResponse response) =>
        response.Cookies.Delete(Name, Options(response.HttpContext.Request, null));

    private static CookieOptions Options(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // Plain HTTP on a LAN still works; behind TLS the cookie never travels in clear.
        Secure = request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}
