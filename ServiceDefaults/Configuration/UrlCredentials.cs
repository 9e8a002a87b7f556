namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>
/// Hides the user info a URL may carry (<c>scheme://user:password@host</c>) before the URL is shown. The user info ends at
/// the last <c>@</c> before the query or fragment, not at the first <c>/</c>: passwords typed into URLs by hand may hold a
/// <c>/</c>, and masking a little too much is better than showing part of one.
/// </summary>
public static class UrlCredentials
{
    /// <summary>What replaces the user info: <c>mqtt://***@host:1883</c>.</summary>
    public const string Redaction = "***";

    /// <summary><paramref name="url"/> with its user info replaced by <see cref="Redaction"/>; query and fragment as given.</summary>
    public static string Mask(string url)
    {
        var authorityStart = AuthorityStart(url);
        var queryStart = QueryStart(url);
        var at = url.LastIndexOf('@', queryStart - 1, queryStart - authorityStart);
        return at < 0 ? url : string.Concat(url.AsSpan(0, authorityStart), Redaction, url.AsSpan(at));
    }

    /// <summary>Where <paramref name="url"/>'s query or fragment begins (at <c>?</c> or <c>#</c>); its length when it has neither.</summary>
    public static int QueryStart(string url) =>
        url.IndexOfAny(['?', '#'], AuthorityStart(url)) is var start and >= 0 ? start : url.Length;

    private static int AuthorityStart(string url) =>
        url.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0;
}
