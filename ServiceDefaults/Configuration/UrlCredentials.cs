namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>Hides the credentials a URL may carry (<c>scheme://user:password@host</c>) before it is shown in an error.</summary>
public static class UrlCredentials
{
    public static string Mask(string url)
    {
        var authorityStart = url.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart) is var end and >= 0 ? end : url.Length;
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        return at < 0 ? url : string.Concat(url.AsSpan(0, authorityStart), "***", url.AsSpan(at));
    }
}
