namespace IngestionCluster.Grains.Cameras;

/// <summary>Source URLs can carry credentials (<c>rtsp://user:pass@host/...</c>): only their masked form is logged or returned.</summary>
public static class SourceUrlMasking
{
    public static string? Mask(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return url;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(invalid url)";
        }
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return url;
        }
        var port = uri.IsDefaultPort || uri.Port < 0 ? string.Empty : $":{uri.Port}";
        return $"{uri.Scheme}://***@{uri.Host}{port}{uri.PathAndQuery}";
    }
}
