using System.Text;
using System.Text.RegularExpressions;
using IngestionCluster.ServiceDefaults.Configuration;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Rules and masking for camera URLs. A camera URL may carry credentials
/// (<c>rtsp://user:password@host/path</c>, or a password in the query string), so it is shown only
/// through <see cref="Mask"/> and any text that may echo it (ffmpeg's error lines) goes through
/// <see cref="RedactSecrets"/>. Neither the problems returned by <see cref="Problem"/> nor any other
/// text produced here ever contains the URL as given.
/// </summary>
public static partial class RtspUrl
{
    /// <summary>What replaces credentials: <c>rtsp://***@host:554/path</c>.</summary>
    public const string Redaction = UrlCredentials.Redaction;

    // Query parameters some cameras take credentials in (Dahua, Hikvision, Axis, ...).
    private static readonly HashSet<string> _secretQueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "user", "username", "usr", "login", "password", "passwd", "pass", "pwd", "token", "auth", "key", "secret", "apikey", "api_key",
    };

    /// <summary>The schemes a continuous capture reads: RTSP cameras' and MJPEG-over-HTTP cameras'.</summary>
    public static IReadOnlyList<string> CaptureSchemes { get; } = ["rtsp", "rtsps", "http", "https"];

    /// <summary>True when <paramref name="url"/> is an <c>rtsp://</c> or <c>rtsps://</c> URL with a host.</summary>
    public static bool IsValid(string? url) => Problem(url) is null;

    /// <summary>The first rule <paramref name="url"/> breaks, as a sentence without the URL itself; null when valid.</summary>
    public static string? Problem(string? url) => Problem(url, ["rtsp", "rtsps"]);

    /// <summary>As <see cref="Problem(string?)"/>, for a URL of one of <paramref name="schemes"/> (an MJPEG camera's: http, https).</summary>
    public static string? Problem(string? url, IReadOnlyList<string> schemes)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "the URL is empty";
        }
        if (url.AsSpan().IndexOfAny(" \t\r\n\0") >= 0 || url.Any(char.IsControl))
        {
            return "the URL must not contain spaces or control characters";
        }
        var scheme = SchemeOf(url);
        if (scheme is null || !schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase))
        {
            return $"the URL must start with {string.Join(" or ", schemes.Select(s => s + "://"))}";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "the URL is not well formed (percent-encode special characters in the user name and password)";
        }
        if (string.IsNullOrEmpty(uri.Host))
        {
            return "the URL has no host";
        }
        if (!uri.IsDefaultPort && uri.Port is < 1 or > 65535)
        {
            return "the URL's port must be between 1 and 65535";
        }
        return null;
    }

    /// <summary>
    /// <paramref name="url"/> with its user name and password replaced by <c>***</c> and the values of
    /// credential-like query parameters (password, pwd, user, token, ...) masked too. Works on malformed
    /// URLs as well: everything between <c>://</c> and the last <c>@</c> before the query is masked, so a
    /// password with unescaped <c>/</c> or <c>@</c> does not leak (an <c>@</c> in the path masks more than
    /// needed, never less).
    /// </summary>
    public static string Mask(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return string.Empty;
        }
        var masked = UrlCredentials.Mask(url);
        var queryStart = UrlCredentials.QueryStart(masked);
        return queryStart == masked.Length ? masked : string.Concat(masked.AsSpan(0, queryStart), MaskQuery(masked[queryStart..]));
    }

    /// <summary>
    /// <paramref name="text"/> (an ffmpeg error line, an exception message) with every trace of the
    /// credentials in <paramref name="url"/> removed: the URL itself (as written and as <see cref="Uri"/>
    /// escapes it) is replaced by its masked form, any <c>scheme://…@</c> user info is masked, and the user
    /// name, password and secret query values (as written, percent-decoded and percent-escaped, in either
    /// hex case) are replaced wherever they still appear.
    /// </summary>
    public static string RedactSecrets(string text, string url)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var redacted = text;
        foreach (var form in FormsOf(url))
        {
            redacted = redacted.Replace(form, Mask(form), StringComparison.Ordinal);
        }
        redacted = UserInfoPattern().Replace(redacted, "${scheme}://" + Redaction + "@");
        // Longest first, so that "user:password" goes before "password".
        foreach (var secret in FormsOf(url).SelectMany(SecretsOf).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length))
        {
            redacted = redacted.Replace(secret, Redaction, StringComparison.Ordinal);
        }
        return redacted;
    }

    /// <summary>
    /// <paramref name="url"/> as written, and as <see cref="Uri.AbsoluteUri"/> escapes it (<c>{ } | ^ " &lt; &gt;</c>,
    /// non-ASCII): the form FFMpegCore hands ffprobe, which repeats it in its errors.
    /// </summary>
    private static IEnumerable<string> FormsOf(string url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return [];
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsoluteUri != url ? [url, uri.AbsoluteUri] : [url];
    }

    /// <summary>The scheme before <c>://</c> as written, or null.</summary>
    public static string? SchemeOf(string url)
    {
        var end = url.IndexOf("://", StringComparison.Ordinal);
        return end <= 0 ? null : url[..end];
    }

    private static string MaskQuery(string query)
    {
        // query starts with '?' or '#'; keep the separators, mask the values of secret keys.
        var builder = new StringBuilder(query.Length);
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (c is '?' or '&' or '#' or ';')
            {
                builder.Append(c);
                i++;
                continue;
            }
            var end = query.IndexOfAny(['&', '#', ';'], i);
            if (end < 0)
            {
                end = query.Length;
            }
            var pair = query[i..end];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && _secretQueryKeys.Contains(Uri.UnescapeDataString(pair[..equals])))
            {
                builder.Append(pair, 0, equals + 1).Append(Redaction);
            }
            else
            {
                builder.Append(pair);
            }
            i = end;
        }
        return builder.ToString();
    }

    /// <summary>User name, password and secret query values of <paramref name="url"/>, raw, decoded and escaped; only those long enough to replace safely.</summary>
    private static HashSet<string> SecretsOf(string url)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var restStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var queryStart = url.IndexOfAny(['?', '#'], restStart);
        var hierarchyEnd = queryStart < 0 ? url.Length : queryStart;
        var at = url.LastIndexOf('@', hierarchyEnd - 1, hierarchyEnd - restStart);
        if (at > restStart)
        {
            var userInfo = url[restStart..at];
            AddSecret(secrets, userInfo);
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                AddSecret(secrets, userInfo[..colon]);
                AddSecret(secrets, userInfo[(colon + 1)..]);
            }
        }
        if (queryStart >= 0)
        {
            foreach (var pair in url[(queryStart + 1)..].Split(['&', ';', '#']))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && _secretQueryKeys.Contains(SafeUnescape(pair[..equals])))
                {
                    AddSecret(secrets, pair[(equals + 1)..]);
                }
            }
        }
        return secrets;
    }

    private static void AddSecret(HashSet<string> secrets, string value)
    {
        // Very short values would shred unrelated text; the URL-level replacements above already cover them.
        const int minimumLength = 3;
        if (value.Length >= minimumLength)
        {
            secrets.Add(value);
        }
        var decoded = SafeUnescape(value);
        if (decoded.Length < minimumLength)
        {
            return;
        }
        secrets.Add(decoded);
        var escaped = Uri.EscapeDataString(decoded);
        secrets.Add(escaped);
        secrets.Add(PercentEscapePattern().Replace(escaped, m => m.Value.ToLowerInvariant()));
        secrets.Add(PercentEscapePattern().Replace(value, m => m.Value.ToUpperInvariant()));
        secrets.Add(PercentEscapePattern().Replace(value, m => m.Value.ToLowerInvariant()));
    }

    private static string SafeUnescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    [GeneratedRegex("%[0-9A-Fa-f]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex PercentEscapePattern();

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://[^\s@/]*(?:/[^\s@]*)?@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPattern();
}
