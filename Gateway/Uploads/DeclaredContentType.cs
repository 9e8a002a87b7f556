using IngestionCluster.Gateway.Errors;
using Microsoft.Net.Http.Headers;

namespace IngestionCluster.Gateway.Uploads;

/// <summary>The content type a client declares for a direct upload: one media type of printable ASCII (it becomes a signed header).</summary>
internal static class DeclaredContentType
{
    public const int MaxLength = 255;

    public static string Validate(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            throw ApiProblems.BadRequest("content_type is required, e.g. \"text/plain\".");
        }
        return Problem(contentType) is { } problem ? throw ApiProblems.BadRequest(problem) : contentType;
    }

    /// <summary>Whether <paramref name="contentType"/> is one a job may keep, e.g. the type an upload was sent with.</summary>
    public static bool IsValid(string? contentType) => !string.IsNullOrWhiteSpace(contentType) && Problem(contentType) is null;

    private static string? Problem(string contentType)
    {
        if (contentType.Length > MaxLength || contentType.Any(c => c is < ' ' or > '~'))
        {
            return $"content_type must be at most {MaxLength} printable ASCII characters.";
        }
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !parsed.MediaType.HasValue || !parsed.MediaType.Value!.Contains('/'))
        {
            return "content_type is not a media type such as \"text/plain\".";
        }
        return null;
    }
}
