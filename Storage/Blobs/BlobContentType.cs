using System.Net.Http.Headers;

namespace IngestionCluster.Storage.Blobs;

/// <summary>Checks content types before they become an HTTP header or a sidecar file.</summary>
internal static class BlobContentType
{
    public const int MaxLength = 255;

    public const string Default = "application/octet-stream";

    /// <exception cref="ArgumentException">Not a single well-formed media type of printable ASCII.</exception>
    public static string Validate(string contentType, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(contentType, parameterName);
        if (contentType.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"A content type must have 1 to {MaxLength} characters.", parameterName);
        }
        foreach (var c in contentType)
        {
            // Rules out CR/LF (header injection) and non-ASCII before the parser sees the value.
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"A content type may hold printable ASCII only (found U+{(int)c:X4}).", parameterName);
            }
        }
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType is null || !parsed.MediaType.Contains('/'))
        {
            throw new ArgumentException("The content type is not a media type such as 'image/jpeg'.", parameterName);
        }
        return contentType;
    }
}
