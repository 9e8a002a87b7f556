namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>
/// Hides the user info a URL may carry (<c>scheme://user:password@host</c>) before the URL is shown. Passwords typed into
/// URLs by hand hold characters that should have been percent-encoded, so the user info ends at the last <c>@</c> before
/// the query or fragment, not at the first <c>/</c>, and a <c>?</c> or <c>#</c> followed by an <c>@</c> before any
/// <c>/</c>, <c>=</c> or <c>&amp;</c> is taken as part of the password. Masking a little too much is better than showing
/// part of a password.
/// </summary>
public static class UrlCredentials
{
    /// <summary>What replaces the user info: <c>mqtt://***@host:1883</c>.</summary>
    public const string Redaction = "***";

    /// <summary>The user and the password (null without a ':') of <paramref name="uri"/>'s user info, percent-decoded.</summary>
    public static (string User, string? Password) Split(Uri uri)
    {
        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(uri.UserInfo), null)
            : (Uri.UnescapeDataString(uri.UserInfo[..colon]), Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
    }

    /// <summary><paramref name="url"/> with its user info replaced by <see cref="Redaction"/>; query and fragment as given.</summary>
    public static string Mask(string url)
    {
        var authorityStart = AuthorityStart(url);
        var queryStart = QueryStart(url);
        var at = queryStart > authorityStart ? url.LastIndexOf('@', queryStart - 1, queryStart - authorityStart) : -1;
        return at < 0 ? url : string.Concat(url.AsSpan(0, authorityStart), Redaction, url.AsSpan(at));
    }

    /// <summary>Where <paramref name="url"/>'s query or fragment begins (at <c>?</c> or <c>#</c>); its length when it has neither.</summary>
    public static int QueryStart(string url)
    {
        var from = AuthorityStart(url);
        while (url.IndexOfAny(['?', '#'], from) is var mark and >= 0)
        {
            var at = url.IndexOf('@', mark);
            var delimiter = url.IndexOfAny(['/', '=', '&'], mark);
            if (at < 0 || delimiter >= 0 && delimiter < at)
            {
                return mark;
            }
            from = at + 1;
        }
        return url.Length;
    }

    /// <summary>Just after <c>scheme://</c>, or 0 when the URL does not start with a scheme.</summary>
    private static int AuthorityStart(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && IsScheme(url.AsSpan(0, separator)) ? separator + 3 : 0;
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }
        return true;
    }
}
